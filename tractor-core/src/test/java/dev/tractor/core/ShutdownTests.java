package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorDied;
import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextCancelled;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.runtime.Actor;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.RootProcess;
import dev.tractor.testing.Tree;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shutting a root down — {@code ActorRuntime.close()} in this JVM, SIGTERM to a root JVM — cancels its
 * whole tree before it returns or exits, within the grace period plus a margin, even when a task
 * ignores interrupts.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownTests {

    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofMillis(2500);

    private static TractorConfig config() {
        return TractorConfig.builder().name("root").enableModules(Tree.class).cancelGracePeriod(GRACE).build();
    }

    @Test
    void sigtermToARootProcessCancelsItsWholeTreeBeforeItExits() throws Exception {
        try (RootProcess root = RootProcess.start(GRACE)) {
            long[] pids = root.awaitPids(Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            root.process().destroy();
            assertThat(root.process().waitFor(GRACE.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS))
                    .as("the root exits within the grace period plus a margin").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(RootProcess.alive(pids[1])).as("the child is gone before the root exits").isFalse();
            assertThat(RootProcess.alive(pids[2])).as("the grandchild is gone before the root exits").isFalse();
            assertThat(took).isLessThan(GRACE.plus(MARGIN));
        }
    }

    @Test
    void closingTheRuntimeCancelsTheWholeTree() {
        ActorRuntime rt = Tractor.openRoot(config());
        ActorNursery n = rt.openNursery();
        Portal child = n.startActor("child");
        ContextHandle hold = child.openContext("tree", "hold", Map.of());
        List<?> pids = hold.started(List.class);
        long childPid = ((Number) pids.get(0)).longValue();
        long grandchildPid = ((Number) pids.get(1)).longValue();

        long t0 = System.nanoTime();
        rt.close();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(RootProcess.alive(childPid)).isFalse();
        assertThat(RootProcess.alive(grandchildPid)).isFalse();
        assertThat(took).isLessThan(GRACE.plus(MARGIN));
        assertThatThrownBy(hold::result).isInstanceOfAny(ContextCancelled.class, ActorDied.class);
        n.close();
    }

    @Test
    void aTaskThatIgnoresInterruptsDoesNotHoldItsActorBeyondTheGracePeriod() throws Exception {
        Actor rt = (Actor) Tractor.openRoot(config());
        ActorNursery n = rt.openNursery();
        Portal child = n.startActor("child");
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                child.run("tree", "stubbornInCaller", Map.of("millis", 5_000));
            } catch (RuntimeException expected) {
                // cancelled under the call
            }
        });
        Awaitility.await("the stubborn task to run in the root").atMost(Duration.ofSeconds(10))
                .until(() -> !rt.status().tasks().isEmpty());

        long t0 = System.nanoTime();
        rt.close();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).isGreaterThanOrEqualTo(GRACE.minusMillis(100)).isLessThan(GRACE.plus(MARGIN));
        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        n.close();
    }
}
