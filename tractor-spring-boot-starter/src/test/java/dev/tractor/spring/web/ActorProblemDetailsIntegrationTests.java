package dev.tractor.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.ActorRuntime;
import dev.tractor.Tractor;
import dev.tractor.spring.sample.SampleApplication;
import dev.tractor.testing.NoLeaks;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web request whose handler lets an actor failure escape gets an RFC 9457 problem detail naming the actor and the
 * remote error (502), or the deadline (504), over a real HTTP port; the failing call is a real call over the wire
 * (this actor calling itself).
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(classes = {SampleApplication.class, ActorProblemDetailsIntegrationTests.Failing.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tractor.name=web", "tractor.registry.port=0"})
@DirtiesContext
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ActorProblemDetailsIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    private int port;

    /** A function that fails, one that is slow, and a controller that calls them in this actor over the wire. */
    @TestConfiguration
    static class Failing {

        @Bean
        FailingFunctions failingFunctions() {
            return new FailingFunctions();
        }

        @Bean
        FailingController failingController(ActorRuntime runtime) {
            return new FailingController(runtime);
        }
    }

    @ActorNamespace("failing")
    public static class FailingFunctions {

        @ActorFunction
        public String fail(String message) {
            throw new IllegalArgumentException(message);
        }

        @ActorFunction
        public long slow(long millis) throws InterruptedException {
            Thread.sleep(millis);
            return millis;
        }
    }

    @RestController
    public static class FailingController {

        private final ActorRuntime runtime;

        FailingController(ActorRuntime runtime) {
            this.runtime = runtime;
        }

        @GetMapping("/fail")
        public String fail() {
            return runtime.connect(runtime.address()).run("failing", "fail", Map.of("message", "no such order 42"),
                    String.class);
        }

        @GetMapping("/slow")
        public long slow() {
            return Tractor.deadline(Duration.ofMillis(200), () -> runtime.connect(runtime.address())
                    .run("failing", "slow", Map.of("millis", 10_000), Long.class));
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRemoteErrorIsABadGatewayNamingTheActorAndTheRemoteError() throws Exception {
        HttpResponse<String> response = get("/fail");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("title").asText()).isEqualTo("An actor failed");
        assertThat(body.get("actor").asText()).isEqualTo("web");
        assertThat(body.get("remoteType").asText()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(body.get("remoteMessage").asText()).isEqualTo("no such order 42");
        assertThat(body.get("detail").asText()).contains("no such order 42");
    }

    @Test
    void aPassedDeadlineIsAGatewayTimeout() throws Exception {
        HttpResponse<String> response = get("/slow");
        assertThat(response.statusCode()).isEqualTo(504);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("deadline").asText()).isEqualTo("PT0.2S");
    }
}
