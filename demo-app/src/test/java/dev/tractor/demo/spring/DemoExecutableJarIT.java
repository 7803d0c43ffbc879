package dev.tractor.demo.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tractor.testing.NoLeaks;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java -jar demo-app-exec.jar}: the class path is one executable Boot jar, so the child actor
 * is started through the jar's launcher. Runs the packaged demo, checks the worker through the
 * actuator, stops the demo with SIGTERM and checks that no process is left.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoExecutableJarIT {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    @Test
    void theExecutableJarSpawnsItsWorkerThroughTheBootLauncher() throws Exception {
        String jar = System.getProperty("demo.jar");
        assertThat(new File(jar)).exists();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        if (Runtime.version().feature() >= 24) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-jar", jar, "--server.port=0", "--tractor.registry.port=0", "--demo.workers=1",
                "--demo.limit=20000"));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> pump(demo, output, port));
        try {
            Awaitility.await("the demo to call its worker and run its scenario").atMost(90, TimeUnit.SECONDS)
                    .until(() -> output.stream().anyMatch(l -> l.startsWith("[demo] open http://localhost:"))
                            || !demo.isAlive());
            assertThat(output).as(String.join("\n", output))
                    .contains("[spring-demo] pricing.quote(apple, 3) = 120 cents", "[spring-demo] chat: [tractor] hello");

            assertThat(output).anyMatch(l -> l.startsWith("[demo] == summary: primes below 20000: 2262"));
            JsonNode tree = get(port.get(10, TimeUnit.SECONDS), "/actuator/tractor");
            JsonNode worker = null;
            for (JsonNode child : tree.at("/children")) {
                if (child.at("/name").asText().equals("worker")) {
                    worker = child;
                }
            }
            assertThat(worker).as("the tour's worker in %s", tree).isNotNull();
            long workerPid = worker.at("/pid").asLong();
            assertThat(ProcessHandle.of(workerPid).flatMap(p -> p.info().commandLine()))
                    .hasValueSatisfying(line -> assertThat(line)
                            .contains("org.springframework.boot.loader.launch.PropertiesLauncher")
                            .contains("-Dloader.main=dev.tractor.spring.child.TractorChildMain"));
        } finally {
            demo.destroy();
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo exits on SIGTERM").isTrue();
        }
    }

    private static void pump(Process demo, List<String> output, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println(line);
                output.add(line);
                Matcher m = PORT.matcher(line);
                if (m.find() && !line.startsWith("[")) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (Exception e) {
            port.completeExceptionally(e);
        }
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
