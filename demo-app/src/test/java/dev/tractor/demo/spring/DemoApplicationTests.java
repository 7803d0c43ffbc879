package dev.tractor.demo.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tractor.testing.NoLeaks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** Runs the Spring demo on a random port: every call style works, and the actuator shows the worker. */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tractor.registry.port=0", "demo.workers=2", "demo.limit=100000"})
@DirtiesContext
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DemoApplicationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private DemoRunner demo;

    @Test
    void theDemoUsesEveryCallStyleAndTheActuatorShowsTheWorker() throws Exception {
        assertThat(demo.lines()).contains(
                "pricing.quote(apple, 3) = 120 cents",
                "remote error: java.lang.IllegalArgumentException: no such item: kiwi",
                "streamed tick-0, tick-1, tick-2",
                "context started: joined tractor",
                "chat: [tractor] hello",
                "context returned 1");

        JsonNode tree = get("/actuator/tractor");
        assertThat(tree.at("/self/name").asText()).isEqualTo("demo");
        assertThat(tree.at("/children/0/name").asText()).isEqualTo("worker");
        assertThat(get("/actuator/tractor/worker").at("/self/name").asText()).isEqualTo("worker");
        // the scenario kills two workers on purpose; the last one was restarted by its supervisor, so the tree is
        // healthy again and health keeps the crashes on record
        JsonNode health = get("/actuator/health");
        assertThat(health.at("/components/tractor/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/tractor/details/lastCrash/name").asText()).isEqualTo("counter-2");
        assertThat(health.at("/components/tractor/details/crashes").asInt()).isGreaterThanOrEqualTo(2);
    }

    private JsonNode get(String path) throws Exception {
        return get(path, 200);
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        return new ObjectMapper().readTree(response.body());
    }
}
