package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.CancelScope;
import dev.tractor.DeadlineExceeded;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.testing.Calc;
import dev.tractor.testing.EchoServer;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Observations;
import dev.tractor.testing.Relay;
import dev.tractor.testing.RemoteTasks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deadlines across real actor processes: a deadline bounds a call and a context, travels with every call (so a
 * callee, and the actor it calls in turn, run under what is left of it), and when it passes every remote task it
 * covered is cancelled and {@link DeadlineExceeded} names the call, the actor and the deadline.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeadlineTests {

    static ActorRuntime root;
    static ActorNursery nursery;
    static Portal b;
    static Portal c;

    @BeforeAll
    static void start() {
        root = Tractor.openRoot(TractorConfig.builder().name("a").registry("127.0.0.1", 0)
                .enableModules(Calc.class, Relay.class, EchoServer.class, Observations.class).build());
        nursery = root.openNursery();
        b = nursery.startActor("b");
        c = nursery.startActor("c");
    }

    @AfterAll
    static void stop() {
        try {
            nursery.close();
        } finally {
            root.close();
        }
    }

    private static void nothingRunningIn(Portal... actors) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (Portal p : actors) {
                assertThat(RemoteTasks.running(p)).isEmpty();
            }
        });
    }

    @Test
    void aCallsDeadlineCancelsItsRemoteTaskAndNamesTheCallTheActorAndTheDeadline() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> c.run("calc", "sleep", Map.of("millis", 60_000), Duration.ofMillis(500)))
                .isInstanceOfSatisfying(DeadlineExceeded.class, e -> {
                    assertThat(e.deadline()).isEqualTo(Duration.ofMillis(500));
                    assertThat(e).hasMessageContaining("calc.sleep").hasMessageContaining("c[")
                            .hasMessageContaining("PT0.5S");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
        assertThat(Thread.interrupted()).isFalse();
        nothingRunningIn(c);
        assertThat(c.run("calc", "square", Map.of("x", 4))).isEqualTo(16);
    }

    @Test
    void aDeadlineBoundsAContext() {
        String key = UUID.randomUUID().toString();
        assertThatThrownBy(() -> Tractor.deadline(Duration.ofMillis(500), () ->
                c.withContext("echo", "startThenWait", Map.of("value", "v", "key", key), (ctx, first) -> ctx.result())))
                .isInstanceOf(DeadlineExceeded.class).hasMessageContaining("echo.startThenWait");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                c.run("obs", "notes", Map.of("key", key), List.class)).contains("interrupted while waiting, cancelled=true"));
        nothingRunningIn(c);
    }

    @Test
    void theDeadlineTravelsWithEveryCallAcrossThreeActors() {
        long left = Tractor.deadline(Duration.ofSeconds(20),
                () -> b.run("relay", "remainingVia", Map.of("target", "c"), Long.class));
        assertThat(left).as("what c saw of a's 20 s deadline, two hops away").isBetween(1L, 20_000L);
        assertThat(b.run("relay", "remainingVia", Map.of("target", "c"), Long.class))
                .as("no deadline, none seen").isEqualTo(-1L);
    }

    @Test
    void whenTheDeadlinePassesEveryTaskAlongTheChainIsCancelled() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Tractor.deadline(Duration.ofSeconds(1),
                () -> b.run("relay", "sleepVia", Map.of("target", "c", "millis", 60_000))))
                .isInstanceOfSatisfying(DeadlineExceeded.class, e -> assertThat(e).hasMessageContaining("relay.sleepVia")
                        .hasMessageContaining("b["));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        nothingRunningIn(b, c);
    }

    @Test
    void moveOnAfterGivesUpQuietly() {
        assertThat(Tractor.moveOnAfter(Duration.ofMillis(300), () -> c.run("calc", "sleep", Map.of("millis", 30_000))))
                .isEmpty();
        nothingRunningIn(c);
    }

    @Test
    void cancellingTheScopeANurseryWasOpenedInCancelsItsChildrenWhileItsThreadIsBusy() {
        long pid;
        try (CancelScope scope = CancelScope.open()) {
            ActorNursery owned = root.openNursery();
            Portal child = owned.startActor("owned");
            pid = ((Number) child.run("self", "status", Map.of(), Map.class).get("pid")).longValue();
            scope.cancel();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dev.tractor.testing.RootProcess.alive(pid) && System.nanoTime() < deadline) {
                Thread.onSpinWait();   // busy, never blocking: only the scope can stop the child
            }
            assertThat(dev.tractor.testing.RootProcess.alive(pid)).as("the scope's cancel stopped the child").isFalse();
            try {
                owned.close();
            } catch (dev.tractor.TractorException reported) {
                // a nursery may report the cancel; the child is gone either way
            }
            assertThat(scope.cancelCalled()).isTrue();
        }
        assertThat(Thread.interrupted()).isFalse();
    }
}
