package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorDied;
import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorStartFailed;
import dev.tractor.Portal;
import dev.tractor.RemoteActorError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.embed.Embedding;
import dev.tractor.embed.RuntimeSetup;
import dev.tractor.spawn.JvmSpawnBackend;
import dev.tractor.testing.Calc;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.StallingChildMain;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Starting, running in and cancelling real child JVMs. Each test checks that no process is left. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SpawnTests {

    private static TractorConfig.Builder config() {
        return TractorConfig.builder().name("root").enableModules(Calc.class)
                .cancelGracePeriod(Duration.ofSeconds(2));
    }

    @Test
    void theIssueExampleRunsEndToEnd() {
        try (ActorRuntime rt = Tractor.openRoot(config().build()); ActorNursery n = rt.openNursery()) {
            Portal calc = n.startActor("calc");
            int y = calc.run("calc", "square", Map.of("x", 7), Integer.class);
            assertThat(y).isEqualTo(49);
            Portal one = n.runInActor("once", "calc", "square", Map.of("x", 3));
            assertThat(one.result(Integer.class)).isEqualTo(9);
            long pid = ((Number) calc.run("self", "status", Map.of(), Map.class).get("pid")).longValue();
            calc.cancelActor();
            assertThat(ProcessHandle.of(pid)).isEmpty();
        }
    }

    @Test
    void runInActorWithAMethodReference() {
        try (ActorRuntime rt = Tractor.openRoot(config().build()); ActorNursery n = rt.openNursery()) {
            Portal once = n.runInActor("once", Calc::square, 6);
            assertThat(once.result(Integer.class)).isEqualTo(36);
        }
    }

    @Test
    void resultReRaisesTheChildsErrorAndCloseThrowsIt() {
        try (ActorRuntime rt = Tractor.openRoot(config().build())) {
            ActorNursery n = rt.openNursery();
            Portal failing = n.runInActor("failing", "calc", "fail", Map.of("message", "bad input 17"));
            assertThatThrownBy(failing::result).isInstanceOfSatisfying(RemoteActorError.class, e -> {
                assertThat(e.remoteType()).isEqualTo("java.lang.IllegalStateException");
                assertThat(e.remoteMessage()).isEqualTo("bad input 17");
                assertThat(e.remoteTraceback()).contains("at dev.tractor.testing.Calc.fail");
                assertThat(e.source().name()).isEqualTo("failing");
            });
            assertThatThrownBy(n::close).isInstanceOf(RemoteActorError.class).hasMessageContaining("bad input 17");
        }
    }

    @Test
    void closeWaitsForResultsThenEndsDaemonsOfSeveralChildren() {
        try (ActorRuntime rt = Tractor.openRoot(config().build())) {
            ActorNursery n = rt.openNursery();
            List<Portal> daemons = List.of(n.startActor("d1"), n.startActor("d2"), n.startActor("d3"));
            Portal slow = n.runInActor("slow", "calc", "sleep", Map.of("millis", 500));
            Portal quick = n.runInActor("quick", "calc", "add", Map.of("a", 1, "b", 1));
            for (Portal d : daemons) {
                assertThat(d.run("calc", "whoami", Map.of())).isEqualTo(d.uid().name());
            }
            assertThat(ProcessHandle.current().children().count()).isGreaterThanOrEqualTo(3);
            n.close();
            assertThat(slow.result(Long.class)).isEqualTo(500L);
            assertThat(quick.result(Integer.class)).isEqualTo(2);
            assertThat(n.children()).isEmpty();
        }
    }

    @Test
    void cancelActorKillsAChildWhoseTaskIgnoresInterruptsAfterTheGracePeriod() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config().cancelGracePeriod(Duration.ofSeconds(1)).build());
             ActorNursery n = rt.openNursery()) {
            Portal stubborn = n.startActor("stubborn");
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    stubborn.run("calc", "stubborn", Map.of("millis", 60_000));
                } catch (RuntimeException expected) {
                    // the actor goes away under the call
                }
            });
            Thread.sleep(300);
            long t0 = System.nanoTime();
            stubborn.cancelActor();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aChildThatExitsDuringACallRaisesActorDiedWithItsExitCode() {
        try (ActorRuntime rt = Tractor.openRoot(config().build()); ActorNursery n = rt.openNursery()) {
            Portal doomed = n.startActor("doomed");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> doomed.run("calc", "exit", Map.of("code", 7)))
                    .isInstanceOfSatisfying(ActorDied.class, e -> {
                        assertThat(e.actor().name()).isEqualTo("doomed");
                        assertThat(e.exitCode()).hasValue(7);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThatThrownBy(n::close).isInstanceOf(ActorDied.class);
        }
    }

    @Test
    void aChildThatCannotStartFailsWithItsStderr() {
        try (ActorRuntime rt = Tractor.openRoot(config().build()); ActorNursery n = rt.openNursery()) {
            assertThatThrownBy(() -> n.startActor("broken", ActorOptions.DEFAULTS.withJvmArgs("-Xmx1k")))
                    .isInstanceOfSatisfying(ActorStartFailed.class, e -> {
                        assertThat(e.actorName()).isEqualTo("broken");
                        assertThat(e.getMessage()).contains("exited with code");
                        assertThat(e.stderrTail()).containsIgnoringCase("heap");
                    });
        }
    }

    @Test
    void aChildThatNeverConnectsFailsAfterTheSpawnTimeoutAndIsKilled() throws InterruptedException {
        TractorConfig cfg = config().spawnTimeout(Duration.ofSeconds(3)).build();
        try (ActorRuntime rt = Embedding.openRoot(cfg,
                RuntimeSetup.defaults().withSpawnBackend(new JvmSpawnBackend(StallingChildMain.class.getName())));
             ActorNursery n = rt.openNursery()) {
            AtomicBoolean shownStarting = new AtomicBoolean();
            Thread watcher = Thread.ofVirtual().start(() -> {
                long giveUp = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (!shownStarting.get() && System.nanoTime() - giveUp < 0) {
                    shownStarting.set(rt.status().children().stream().anyMatch(c -> c.state().equals("starting")));
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
            });
            assertThatThrownBy(() -> n.startActor("stalling"))
                    .isInstanceOfSatisfying(ActorStartFailed.class, e -> {
                        assertThat(e.getMessage()).contains("did not connect back within 3000 ms");
                        assertThat(e.stderrTail()).contains("will never connect");
                    });
            assertThat(watcher.join(Duration.ofSeconds(5))).isTrue();
            assertThat(shownStarting).as("the child shown as starting while it starts").isTrue();
            assertThat(rt.status().children()).as("a failed start is not left as a child").isEmpty();
        }
    }
}
