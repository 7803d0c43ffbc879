package dev.tractor.demo.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tractor.demo.spring.primes.PrimeScenario;
import dev.tractor.testing.NoLeaks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The demo end to end, with real worker JVMs: the start-up scenario counts primes right and provokes its failure;
 * the jobs API runs a job to the right count, and one with a poisoned worker fails naming it; the page is served.
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tractor.registry.port=0", "demo.workers=2", "demo.limit=200000"})
@DirtiesContext
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrimeScenarioTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private PrimeScenario scenario;

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitEnd(String id) {
        JsonNode[] job = new JsonNode[1];
        Awaitility.await("job " + id).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            job[0] = JSON.readTree(send("GET", "/jobs/" + id).body());
            return !job[0].get("status").asText().equals("running") && !job[0].get("status").asText().equals("starting");
        });
        return job[0];
    }

    @Test
    void theScenarioCountedThePrimesAndProvokedItsFailure() {
        assertThat(scenario.summary()).containsExactly("primes below 200000: 17984",
                "control: counting, paused, counting, stopped",
                "failure: java.lang.IllegalStateException in job2-worker2", "killed: failed",
                "supervised: 17984 primes, 1 restart(s)");
    }

    @Test
    void aJobStartedOverHttpCountsThePrimesAcrossWorkers() throws Exception {
        HttpResponse<String> started = send("POST", "/jobs?workers=3&limit=100000");
        assertThat(started.statusCode()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("id").asText();
        assertThat(started.headers().firstValue("Location")).hasValue("/jobs/" + id);
        JsonNode job = awaitEnd(id);
        assertThat(job.get("status").asText()).isEqualTo("done");
        assertThat(job.get("primes").asLong()).isEqualTo(9592);
        assertThat(job.get("progress")).hasSize(3).allSatisfy(p -> {
            assertThat(p.get("state").asText()).isEqualTo("done");
            assertThat(p.get("pid").asLong()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
        });
    }

    @Test
    void aJobWithAPoisonedWorkerFailsNamingItAndTheOthersAreCancelled() throws Exception {
        String id = JSON.readTree(send("POST", "/jobs?workers=2&limit=100000&poison=3").body()).get("id").asText();
        JsonNode job = awaitEnd(id);
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("error").asText()).contains("job" + id + "-worker1")
                .contains("intentional failure (demo)");
    }

    @Test
    void thePageIsServed() throws Exception {
        HttpResponse<String> page = send("GET", "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("the live actor tree").contains("/actuator/tractor");
    }
}
