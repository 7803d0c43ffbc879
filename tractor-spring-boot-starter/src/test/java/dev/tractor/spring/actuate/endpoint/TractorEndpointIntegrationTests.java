package dev.tractor.spring.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tractor.ActorNursery;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.spring.ActorNurseryFactory;
import dev.tractor.spring.sample.SampleApplication;
import dev.tractor.testing.NoLeaks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The actuator over HTTP on a real port: {@code /actuator/tractor} shows the child in the tree,
 * {@code /actuator/tractor/{name}} asks the child itself, health and metrics report the runtime.
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tractor.name=web", "tractor.registry.port=0",
                "management.endpoints.web.exposure.include=health,tractor,metrics",
                "management.endpoint.health.show-details=always"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TractorEndpointIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private ActorNurseryFactory nurseries;

    private ActorNursery nursery;
    private Portal worker;

    @BeforeAll
    void startAChild() {
        nursery = nurseries.open();
        worker = nursery.startActor("worker");
        worker.run("greetings", "greet", Map.of("name", "metrics"));
    }

    @AfterAll
    void closeTheNursery() {
        if (nursery != null) {
            nursery.close();
        }
    }

    @Test
    void theTreeShowsThisActorItsChildAndItsFunctions() throws Exception {
        JsonNode tree = get("/actuator/tractor");
        assertThat(tree.at("/self/name").asText()).isEqualTo("web");
        assertThat(tree.at("/self/pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(tree.at("/self/address").asText()).startsWith("tcp://127.0.0.1:");
        assertThat(tree.at("/self/counters/messagesSent").asLong()).isPositive();
        assertThat(tree.at("/children/0/name").asText()).isEqualTo("worker");
        assertThat(tree.at("/children/0/uid").asText()).isEqualTo(worker.uid().uuid());
        assertThat(tree.at("/children/0/alive").asBoolean()).isTrue();
        assertThat(tree.at("/children/0/uptime").asText()).startsWith("PT");
        assertThat(tree.at("/children/0/strategy").asText()).isEqualTo("one-cancels-all");
        assertThat(tree.at("/children/0/restart").isMissingNode()).as("no restart policy without a supervisor").isTrue();
        assertThat(tree.at("/children/0/restarts").asInt()).isZero();
        assertThat(tree.at("/children/0/history")).isEmpty();
        assertThat(tree.get("supervisors")).isEmpty();
        assertThat(tree.get("services")).isEmpty();
        assertThat(tree.get("functions").findValuesAsText("name")).contains("greet", "count", "shout");
        assertThat(tree.at("/registry/registrar").asBoolean()).isTrue();
        assertThat(tree.at("/registry/actors").findValuesAsText("name")).containsExactlyInAnyOrder("web", "worker");
    }

    @Test
    void oneChildIsAskedOverTheWire() throws Exception {
        JsonNode child = get("/actuator/tractor/worker");
        assertThat(child.at("/self/name").asText()).isEqualTo("worker");
        assertThat(child.at("/self/pid").asLong()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(child.at("/self/tasks/0/namespace").asText()).isEqualTo("self");
        assertThat(child.at("/self/tasks/0/function").asText()).isEqualTo("status");
        assertThat(child.at("/self/counters/messagesReceived").asLong()).isPositive();
        HttpResponse<String> missing = http.send(request("/actuator/tractor/nobody"), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode body = JSON.readTree(missing.body());
        assertThat(body.at("/error").asText()).contains("no live child called 'nobody'");
        assertThat(body.at("/children/0").asText()).isEqualTo("worker");
    }

    @Test
    void healthReportsTheRuntime() throws Exception {
        JsonNode health = get("/actuator/health");
        assertThat(health.at("/components/tractor/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/tractor/details/actor").asText()).isEqualTo("web");
        assertThat(health.at("/components/tractor/details/children").asInt()).isEqualTo(1);
    }

    @Test
    void metricsCountSpawnsCallsStreamItemsAndLiveChildren() throws Exception {
        try (ReceiveStream<String> stream = worker.openStreamFrom("greetings", "count", Map.of("to", 3), String.class)) {
            stream.forEach(item -> { });
        }
        assertThat(get("/actuator/metrics/tractor.stream.items?tag=direction:in").at("/measurements/0/value").asDouble())
                .isGreaterThanOrEqualTo(3.0);
        assertThat(get("/actuator/metrics/tractor.actors.active").at("/measurements/0/value").asDouble()).isEqualTo(1.0);
        assertThat(get("/actuator/metrics/tractor.spawn?tag=outcome:success").at("/measurements/0/value").asDouble())
                .isEqualTo(1.0);
        assertThat(get("/actuator/metrics/tractor.calls?tag=namespace:greetings&tag=function:greet&tag=outcome:success")
                .at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(get("/actuator/metrics/tractor.calls?tag=namespace:greetings&tag=function:count&tag=outcome:success")
                .at("/measurements/0/value").asDouble()).as("a stream call").isGreaterThanOrEqualTo(1.0);
        try (ContextHandle ctx = worker.openContext("greetings", "shout", Map.of("prefix", "> "))) {
            ctx.started(String.class);
            ctx.openStream(String.class).close();
            ctx.result(Integer.class);
        }
        assertThat(get("/actuator/metrics/tractor.calls?tag=namespace:greetings&tag=function:shout&tag=outcome:success")
                .at("/measurements/0/value").asDouble()).as("a context call").isGreaterThanOrEqualTo(1.0);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }
}
