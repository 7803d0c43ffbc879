package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Sleeper;
import dev.tractor.testing.Tree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cancelling: graceful first, forceful after the grace period; children cancelled while still
 * starting; and callers whose waiting thread is interrupted.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancelTests {

    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofMillis(1500);

    private static TractorConfig.Builder config() {
        return TractorConfig.builder().name("root").enableModules(Sleeper.class, Tree.class).cancelGracePeriod(GRACE);
    }

    @Test
    void cancelAsksPolitelyAndTheChildExitsByItself() {
        try (ActorRuntime rt = Tractor.openRoot(config().cancelGracePeriod(Duration.ofSeconds(10)).build());
             ActorNursery n = rt.openNursery()) {
            Exits exits = Exits.of(rt);
            Portal polite = n.startActor("polite");
            long t0 = System.nanoTime();
            polite.cancelActor();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(exits.of("polite")).isEqualTo(new Exits.Exit(0, true));
        }
    }

    @Test
    void aChildThatDoesNotExitWithinTheGracePeriodIsKilled() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config().build()); ActorNursery n = rt.openNursery()) {
            Exits exits = Exits.of(rt);
            Portal frozen = n.startActor("frozen");
            long pid = frozen.run("tree", "pid", Map.of(), Long.class);
            assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor()).isZero();

            long t0 = System.nanoTime();
            frozen.cancelActor();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(took).isGreaterThanOrEqualTo(GRACE.minusMillis(50)).isLessThan(GRACE.plus(MARGIN));
            assertThat(exits.of("frozen")).isEqualTo(new Exits.Exit(137, true));
        }
    }

    @Test
    void aTaskThatIgnoresInterruptsDoesNotKeepItsActorBeyondTheGracePeriod() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config().build()); ActorNursery n = rt.openNursery()) {
            Portal stubborn = n.startActor("stubborn");
            AtomicReference<RuntimeException> seen = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    stubborn.run("tree", "stubborn", Map.of("millis", 60_000));
                } catch (RuntimeException e) {
                    seen.set(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !((List<?>) stubborn.run("self", "status",
                    Map.of(), Map.class).get("tasks")).isEmpty());

            long t0 = System.nanoTime();
            stubborn.cancelActor();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(took).isLessThan(GRACE.plus(MARGIN));
            assertThat(caller.join(MARGIN)).isTrue();
            assertThat(seen.get()).isInstanceOf(TractorException.class);
        }
    }

    @Test
    void cancellingANurseryWhileChildrenAreStartingCancelsAndReapsThemToo() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config().build())) {
            ActorNursery n = rt.openNursery();
            List<Callable<Portal>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "starting" + i;
                starts.add(() -> n.startActor(name));
            }
            Thread canceller = Thread.ofVirtual().start(() -> {
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                        .until(() -> ProcessHandle.current().children().count() >= 4);
                n.cancel();
            });
            long t0 = System.nanoTime();
            List<Parallel.Outcome> outcomes = Parallel.starts(starts, Duration.ofSeconds(20));
            assertThat(canceller.join(Duration.ofSeconds(10))).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isInstanceOf(TractorException.class)
                    .hasMessageContaining("cancelled"));
            assertThat(ProcessHandle.current().descendants().toList()).isEmpty();
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            n.close();
        }
    }

    @Test
    void interruptingACallerBlockedInRunCancelsTheRemoteTask() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config().build()); ActorNursery n = rt.openNursery()) {
            Portal sleeper = n.startActor("sleeper");
            AtomicReference<RuntimeException> seen = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    sleeper.run("sleeper", "sleep", Map.of("millis", 60_000));
                } catch (RuntimeException e) {
                    seen.set(e);
                }
            });
            awaitRunningTask(sleeper);

            long t0 = System.nanoTime();
            caller.interrupt();
            assertThat(caller.join(Duration.ofSeconds(1))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
            assertThat(seen.get()).isInstanceOf(TractorException.class).hasMessageContaining("interrupted");
            Awaitility.await("the remote task to be cancelled").atMost(Duration.ofSeconds(2))
                    .until(() -> sleeper.run("sleeper", "interrupted", Map.of(), Integer.class) == 1);
        }
    }

    @Test
    void interruptingACallerBlockedInContextStartedCancelsTheRemoteTask() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config().build()); ActorNursery n = rt.openNursery()) {
            Portal sleeper = n.startActor("sleeper");
            AtomicReference<RuntimeException> seen = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                ContextHandle ctx = sleeper.openContext("sleeper", "slowStart", Map.of("millis", 60_000));
                try {
                    ctx.started();
                } catch (RuntimeException e) {
                    seen.set(e);
                }
            });
            awaitRunningTask(sleeper);

            long t0 = System.nanoTime();
            caller.interrupt();
            assertThat(caller.join(Duration.ofSeconds(1))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
            assertThat(seen.get()).isInstanceOf(TractorException.class).hasMessageContaining("interrupted");
            Awaitility.await("the remote task to be cancelled").atMost(Duration.ofSeconds(2))
                    .until(() -> sleeper.run("sleeper", "interrupted", Map.of(), Integer.class) == 1);
        }
    }

    /** Waits until {@code portal}'s actor runs a task besides the status call that asks. */
    private static void awaitRunningTask(Portal portal) {
        Awaitility.await("the remote task to start").atMost(Duration.ofSeconds(10)).until(() -> ((List<?>) portal
                .run("self", "status", Map.of(), Map.class).get("tasks")).size() >= 2);
    }
}
