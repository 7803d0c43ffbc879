package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorStatus;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.testing.Calc;
import dev.tractor.testing.NoLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data archive with real child JVMs: the first child to exit writes it, later children start with it,
 * and a damaged one costs a normal start (and is written anew), never a failed one.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClassDataArchiveTests {

    @TempDir
    Path cache;

    private TractorConfig config() {
        return TractorConfig.builder().name("root").enableModules(Calc.class).registry("127.0.0.1", 0)
                .classDataCache(cache).build();
    }

    private static List<String> argumentsOf(Portal p) {
        long pid = ActorStatus.fromWire(p.run("self", "status", Map.of(), Map.class)).pid();
        return Arrays.asList(ProcessHandle.of(pid).orElseThrow().info().arguments().orElse(new String[0]));
    }

    private Path archive() throws IOException {
        try (var files = Files.list(cache)) {
            return files.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElse(null);
        }
    }

    /** Starts a child, checks it works and was started with the archive, cancels it and waits for its exit. */
    private void runChild(ActorNursery n, String name) {
        Portal child = n.startActor(name);
        assertThat(child.run("calc", "square", Map.of("x", 5), Integer.class)).isEqualTo(25);
        assertThat(argumentsOf(child)).anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=" + cache))
                .anyMatch(a -> a.startsWith(cache.toString()) && a.endsWith(".jar"));
        child.cancelActor();
    }

    @Test
    void theFirstChildToExitWritesTheArchiveAndTheNextStartsWithIt() throws IOException {
        try (ActorRuntime rt = Tractor.openRoot(config()); ActorNursery n = rt.openNursery()) {
            runChild(n, "first");
            Awaitility.await("the archive written at the first child's exit").atMost(Duration.ofSeconds(20))
                    .until(() -> archive() != null && Files.size(archive()) > 1_000_000);
            long size = Files.size(archive());
            runChild(n, "second");
            assertThat(Files.size(archive())).as("reused as it was").isEqualTo(size);
        }
    }

    @Test
    void aDamagedArchiveCostsANormalStartAndIsWrittenAnew() throws IOException {
        try (ActorRuntime rt = Tractor.openRoot(config()); ActorNursery n = rt.openNursery()) {
            runChild(n, "first");
            Awaitility.await("the archive").atMost(Duration.ofSeconds(20))
                    .until(() -> archive() != null && Files.size(archive()) > 1_000_000);
            Path archive = archive();
            Files.write(archive, new byte[4096]);
            runChild(n, "after-damage");
            Awaitility.await("the archive written anew").atMost(Duration.ofSeconds(20))
                    .until(() -> Files.size(archive) > 1_000_000);
        }
    }
}
