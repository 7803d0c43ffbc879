package dev.tractor.spring.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tractor.ActorNursery;
import dev.tractor.Portal;
import dev.tractor.TractorException;
import dev.tractor.spring.ActorNurseryFactory;
import dev.tractor.spring.sample.SampleApplication;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Signals;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The actuator's per-child request ({@code GET /actuator/tractor/{name}}, which asks the child over the wire) against
 * a child that is alive but silent (SIGSTOPped): the request returns once the heartbeat tolerance has passed, not
 * much later, with a 503 whose body says the child stopped answering; the tree is still served, the nursery reaps
 * the child, and the next request is a 404.
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tractor.name=web-silent", "tractor.registry.port=0",
                "tractor.heartbeat.interval=250ms", "tractor.heartbeat.tolerance=2s",
                "management.endpoints.web.exposure.include=tractor"})
@DirtiesContext
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TractorEndpointSilentChildTests {

    static final Duration TOLERANCE = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private ActorNurseryFactory nurseries;

    @Test
    void aRequestForAStoppedChildFailsWithinTheToleranceSayingSoAndTheChildIsReaped() throws Exception {
        ActorNursery nursery = nurseries.open();
        Portal worker = nursery.startActor("worker");
        long pid = ((Number) worker.run("self", "status", Map.of(), Map.class).get("pid")).longValue();
        try {
            assertThat(get("/actuator/tractor/worker").statusCode()).isEqualTo(200);
            Signals.stop(pid);
            long start = System.nanoTime();
            HttpResponse<String> answer = get("/actuator/tractor/worker");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("the request against a stopped child returned within the tolerance + 2 s")
                    .isLessThan(TOLERANCE.plusSeconds(2));
            assertThat(answer.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.at("/error").asText()).contains("child 'worker' did not answer")
                    .contains("stopped answering (suspected dead)").contains("no heartbeat for")
                    .contains("last sign of life at");
            assertThat(body.at("/type").asText()).isEqualTo("dev.tractor.ActorDied");
            assertThat(get("/actuator/tractor").statusCode()).as("the tree is still served").isEqualTo(200);
        } finally {
            long reaping = System.nanoTime();
            try {
                nursery.close();
            } catch (TractorException lostChild) {
                // a nursery may report the child it lost; either way it must reap it
            }
            assertThat(Duration.ofNanos(System.nanoTime() - reaping)).isLessThan(Duration.ofSeconds(15));
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("the stopped child was killed").isFalse();
        assertThat(get("/actuator/tractor/worker").statusCode()).as("no live child called worker").isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
