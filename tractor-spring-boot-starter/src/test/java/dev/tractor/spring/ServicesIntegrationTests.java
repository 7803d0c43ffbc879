package dev.tractor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.spring.sample.SampleApplication;
import dev.tractor.testing.NoLeaks;
import java.io.IOException;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A service declared in the application's properties (profile {@code services}, which child actors boot with too)
 * with real Spring child JVMs: it starts with the application, is injected by name, is restarted after a SIGKILL and
 * reached again through the same injected portal, and the actuator, metrics and health show the restart. Child
 * contexts see the declaration but start nothing; no process is left afterwards.
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tractor.name=services-root", "tractor.registry.port=0", "spring.profiles.active=services",
                "management.endpoints.web.exposure.include=health,tractor,metrics",
                "management.endpoint.health.show-details=always"})
@DirtiesContext
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServicesIntegrationTests {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private ActorRuntime runtime;

    @Autowired
    @Qualifier("hello")
    private Portal hello;

    @Test
    void aDeclaredServiceStartsWithTheAppIsInjectedByNameAndComesBackAfterASigkill() throws Exception {
        assertThat(runtime.services()).as("started with the application").containsExactly("hello");
        assertThat(hello.run("greetings", "greet", Map.of("name", "Ada"), String.class))
                .isEqualTo("Hello, Ada from hello");
        long firstPid = pid();
        String firstUuid = hello.uid().uuid();
        assertThat(firstPid).isNotEqualTo(ProcessHandle.current().pid());

        JsonNode child = get("/actuator/tractor/hello");
        assertThat(child.at("/self/name").asText()).isEqualTo("hello");
        assertThat(child.get("children")).as("a child's context starts no services of its own").isEmpty();
        assertThat(get("/actuator/tractor").at("/registry/actors").findValuesAsText("name"))
                .containsExactlyInAnyOrder("services-root", "hello");

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> pid() != firstPid);
        assertThat(hello.run("greetings", "greet", Map.of("name", "Bob"), String.class))
                .isEqualTo("Hello, Bob from hello");
        assertThat(hello.uid().uuid()).isNotEqualTo(firstUuid);

        JsonNode tree = get("/actuator/tractor");
        JsonNode restarted = tree.at("/children/0");
        assertThat(tree.get("children")).hasSize(1);
        assertThat(restarted.at("/name").asText()).isEqualTo("hello");
        assertThat(restarted.at("/strategy").asText()).isEqualTo("one-for-one");
        assertThat(restarted.at("/restart").asText()).isEqualTo("permanent");
        assertThat(restarted.at("/restarts").asInt()).isEqualTo(1);
        assertThat(restarted.at("/history/0/cause").asText()).contains("ActorDied");
        assertThat(restarted.at("/history/0/previous").asText()).isEqualTo(firstUuid);
        assertThat(tree.at("/supervisors/0/strategy").asText()).isEqualTo("one-for-one");
        assertThat(tree.at("/supervisors/0/maxRestarts").asInt()).isEqualTo(3);
        assertThat(tree.at("/supervisors/0/within").asText()).isEqualTo("PT1M");
        assertThat(tree.at("/supervisors/0/restarts").asInt()).isEqualTo(1);
        assertThat(tree.at("/supervisors/0/gaveUp").asBoolean()).isFalse();
        assertThat(tree.at("/services/0/name").asText()).isEqualTo("hello");
        assertThat(tree.at("/services/0/declared").asBoolean()).isTrue();
        assertThat(tree.at("/services/0/running").asBoolean()).isTrue();
        assertThat(tree.at("/services/0/replicas").asInt()).isEqualTo(1);

        assertThat(get("/actuator/metrics/tractor.restarts?tag=name:hello&tag=cause:ActorDied")
                .at("/measurements/0/value").asDouble()).isEqualTo(1.0);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/actuator/health").at("/components/tractor/status").asText(), "UP"::equals);
    }

    private long pid() {
        return ((Number) hello.run("greetings", "whoami", Map.of(), Map.class).get("pid")).longValue();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
