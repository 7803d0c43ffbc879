package dev.tractor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.spring.sample.SampleApplication;
import dev.tractor.testing.NoLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Spring root with a warm pool: its pooled child JVMs build their Spring context before they are claimed, so a
 * spawn claims a ready context; the claimed child has its name, identity and MDC from the claim, and the pool is
 * not visible as children. No process is left afterwards.
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(classes = SampleApplication.class,
        properties = {"tractor.name=pooler", "tractor.registry.port=0", "tractor.spawn.warm-pool-size=1"})
@DirtiesContext
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PooledSpringChildIntegrationTests {

    @Autowired
    private ActorNurseryFactory nurseries;

    @Autowired
    private ActorRuntime runtime;

    private static List<String> commandLine(long pid) throws IOException {
        return Arrays.asList(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\u0000"));
    }

    @Test
    void aSpawnClaimsAPooledChildWhoseContextIsReadyAndGivesItItsIdentity() throws IOException {
        Awaitility.await("the pooled child JVM").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.current().children().count() == 1);
        long pooled = ProcessHandle.current().children().findFirst().orElseThrow().pid();
        // read from /proc: ProcessHandle.Info leaves out a command line as long as a Spring class path
        Awaitility.await("its command line").atMost(Duration.ofSeconds(10)).until(() -> commandLine(pooled)
                .contains("--pooled"));
        assertThat(commandLine(pooled)).noneMatch(a -> a.startsWith("-Dtractor.name="));
        assertThat(runtime.status().children()).isEmpty();
        try (ActorNursery n = nurseries.open()) {
            Portal worker = n.startActor("pooled-worker");
            @SuppressWarnings("unchecked")
            Map<String, Object> me = worker.run("greetings", "whoami", Map.of(), Map.class);
            assertThat(((Number) me.get("pid")).longValue()).as("the pre-started JVM").isEqualTo(pooled);
            assertThat(me).containsEntry("actor", "pooled-worker").containsEntry("mdcActor", "pooled-worker")
                    .containsEntry("mdcUid", worker.uid().uuid());
            assertThat(worker.run("greetings", "greet", Map.of("name", "Ada"), String.class))
                    .isEqualTo("Hello, Ada from pooled-worker");
            Awaitility.await("the pool refilled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ProcessHandle.current().children().count() == 2);
            Set<Long> children = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            assertThat(children).contains(pooled);
        }
    }
}
