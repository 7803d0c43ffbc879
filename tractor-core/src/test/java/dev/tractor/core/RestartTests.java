package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.tractor.ActorDied;
import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorStartFailed;
import dev.tractor.ActorStatus;
import dev.tractor.ActorUid;
import dev.tractor.Portal;
import dev.tractor.RemoteActorError;
import dev.tractor.RestartPolicy;
import dev.tractor.Supervision;
import dev.tractor.SupervisorGaveUp;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.observe.RuntimeListener;
import dev.tractor.runtime.Actor;
import dev.tractor.testing.Calc;
import dev.tractor.testing.Flaky;
import dev.tractor.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervising nurseries with real child processes: one-for-one, one-for-all and rest-for-one restarts after a
 * SIGKILL, the restart limit, the backoff between restarts, a restart that does not come up, and the permanent,
 * transient and temporary policies.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartTests {

    private static final Duration BOUND = Duration.ofSeconds(30);
    /** Fast restarts for the tests that are not about backoff. */
    private static final Supervision QUICK = Supervision.oneForOne()
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), 0.2);

    @TempDir
    Path dir;

    private static TractorConfig config() {
        return TractorConfig.builder().name("root").enableModules(Calc.class, Flaky.class)
                .cancelGracePeriod(Duration.ofSeconds(2)).build();
    }

    /** Records restarts, give-ups and failed spawns of a runtime, with the time each happened. */
    static final class Events implements RuntimeListener {
        record Restarted(String name, ActorUid previous, ActorUid next, Throwable cause, long atNanos) {
        }

        final List<Restarted> restarts = new CopyOnWriteArrayList<>();
        final List<SupervisorGaveUp> gaveUp = new CopyOnWriteArrayList<>();
        final List<String> spawnFailed = new CopyOnWriteArrayList<>();
        final List<Long> exits = new CopyOnWriteArrayList<>();

        static Events of(ActorRuntime rt) {
            Events e = new Events();
            ((Actor) rt).addListener(e);
            return e;
        }

        @Override
        public void actorRestarted(String name, ActorUid previous, ActorUid next, Throwable cause, int n) {
            restarts.add(new Restarted(name, previous, next, cause, System.nanoTime()));
        }

        @Override
        public void supervisorGaveUp(ActorUid owner, SupervisorGaveUp error) {
            gaveUp.add(error);
        }

        @Override
        public void spawnFailed(String name, Duration took, Throwable error) {
            spawnFailed.add(name);
        }

        @Override
        public void actorExited(ActorUid child, Integer exitCode, boolean cancelled) {
            if (!cancelled) {
                exits.add(System.nanoTime());
            }
        }

        long restartsOf(String name) {
            return restarts.stream().filter(r -> r.name().equals(name)).count();
        }
    }

    private static long pid(Portal p) {
        return p.run("flaky", "pid", Map.of(), Long.class);
    }

    private static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Waits until the child called {@code name} answers from another process than {@code oldPid}; its new pid. */
    private static long awaitRestarted(ActorNursery n, String name, long oldPid) {
        long[] now = new long[1];
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            now[0] = pid(n.byName(name));
            return now[0] != oldPid;
        });
        return now[0];
    }

    @Test
    void oneForOneRestartsAKilledChildAloneAndItIsCallableByNameAgain() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            ActorNursery n = rt.openNursery(QUICK);
            Portal a = n.startActor("a");
            Portal b = n.startActor("b");
            Portal c = n.startActor("c");
            long pa = pid(a);
            long pb = pid(b);
            long pc = pid(c);
            ActorUid oldB = b.uid();

            kill(pb);
            long newPb = awaitRestarted(n, "b", pb);

            assertThat(newPb).isNotEqualTo(pb);
            assertThat(n.byName("b").uid().name()).isEqualTo("b");
            assertThat(n.byName("b").uid().uuid()).isNotEqualTo(oldB.uuid());
            assertThat(pid(a)).isEqualTo(pa);
            assertThat(pid(c)).isEqualTo(pc);
            assertThat(events.restartsOf("a")).isZero();
            assertThat(events.restartsOf("c")).isZero();
            assertThatThrownBy(() -> b.run("flaky", "pid", Map.of())).isInstanceOf(ActorDied.class);
            assertThat(n.byName("b").run("calc", "square", Map.of("x", 7))).isEqualTo(49);

            // the registry knows the new incarnation under the old name
            await().atMost(BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> rt.findActor("b").map(p -> p.uid().uuid()).orElse(""),
                            uuid -> uuid.equals(n.byName("b").uid().uuid()));
            assertThat(rt.child("b").orElseThrow().uid()).isEqualTo(n.byName("b").uid());

            ActorStatus.Child status = rt.status().children().stream().filter(ch -> ch.name().equals("b")).findFirst()
                    .orElseThrow();
            assertThat(status.strategy()).isEqualTo("one-for-one");
            assertThat(status.restart()).isEqualTo("permanent");
            assertThat(status.restarts()).isEqualTo(1);
            assertThat(status.history()).singleElement().satisfies(r -> {
                assertThat(r.previous()).isEqualTo(oldB.uuid());
                assertThat(r.cause()).contains("ActorDied");
            });
            assertThat(rt.status().supervisors()).singleElement()
                    .satisfies(s -> assertThat(s.restarts()).isEqualTo(1));
            n.close();
            assertThat(events.gaveUp).isEmpty();
        }
    }

    /** The pids of children a, b and c before and after b was killed, and the restarts that followed. */
    private record ThreeChildren(Map<String, Long> before, Map<String, Long> after, List<Events.Restarted> restarts) {
    }

    /** Starts a, b and c under {@code strategy} (quick backoff), kills b, waits for {@code restarts} restarts. */
    private static ThreeChildren killTheMiddleOfThree(Supervision strategy, int restarts) {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            return rt.withNursery(strategy.withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), 0), n -> {
                Map<String, Long> before = new java.util.LinkedHashMap<>();
                for (String name : List.of("a", "b", "c")) {
                    before.put(name, pid(n.startActor(name)));
                }
                kill(before.get("b"));
                awaitRestarted(n, "b", before.get("b"));
                await().atMost(BOUND).until(() -> events.restarts.size() == restarts);
                Map<String, Long> after = new java.util.LinkedHashMap<>();
                for (String name : List.of("a", "b", "c")) {
                    after.put(name, pid(n.byName(name)));
                }
                return new ThreeChildren(before, after, List.copyOf(events.restarts));
            });
        }
    }

    @Test
    void oneForAllRestartsEveryChild() {
        ThreeChildren t = killTheMiddleOfThree(Supervision.oneForAll(), 3);
        assertThat(t.after().get("a")).isNotEqualTo(t.before().get("a"));
        assertThat(t.after().get("c")).isNotEqualTo(t.before().get("c"));
        assertThat(t.restarts()).extracting(Events.Restarted::name).containsExactly("a", "b", "c");
        assertThat(t.restarts().get(0).cause().getMessage()).contains("restarted with 'b'");
    }

    @Test
    void restForOneRestartsTheFailedChildAndThoseStartedAfterIt() {
        ThreeChildren t = killTheMiddleOfThree(Supervision.restForOne(), 2);
        assertThat(t.after().get("a")).isEqualTo(t.before().get("a"));
        assertThat(t.after().get("c")).isNotEqualTo(t.before().get("c"));
        assertThat(t.restarts()).extracting(Events.Restarted::name).containsExactly("b", "c");
    }

    @Test
    void beyondTheRestartLimitTheSupervisorGivesUpWithEveryFailure() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            ActorNursery n = rt.openNursery(QUICK.withLimit(2, Duration.ofMinutes(1)));
            long sibling = pid(n.startActor("sibling"));
            long pb = pid(n.startActor("b"));
            for (int i = 0; i < 2; i++) {
                kill(pb);
                pb = awaitRestarted(n, "b", pb);
            }
            kill(pb);
            await().atMost(BOUND).until(() -> !events.gaveUp.isEmpty());
            await().atMost(BOUND).until(() -> ProcessHandle.of(sibling).isEmpty());

            SupervisorGaveUp gaveUp = catchThrowableOfType(SupervisorGaveUp.class, n::close);
            assertThat(gaveUp.failures()).hasSize(3).allSatisfy(f -> assertThat(f).isInstanceOf(ActorDied.class));
            assertThat(gaveUp.getMessage()).contains("gave up", "more than 2 restart(s)", "1. ", "2. ", "3. ");
            assertThat(gaveUp.getSuppressed()).hasSize(2);
            assertThat(n.children()).isEmpty();
            assertThat(events.restartsOf("b")).isEqualTo(2);
            assertThatThrownBy(() -> n.byName("b").run("calc", "square", Map.of("x", 2)))
                    .isInstanceOf(SupervisorGaveUp.class);
        }
    }

    @Test
    void restartsAreSpacedByAnExponentialBackoff() {
        Duration min = Duration.ofMillis(400);
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            ActorNursery n = rt.openNursery(Supervision.oneForOne().withLimit(5, Duration.ofMinutes(1))
                    .withBackoff(min, Duration.ofSeconds(5), 0));
            long pb = pid(n.startActor("b"));
            for (int i = 0; i < 2; i++) {
                int before = events.restarts.size();
                kill(pb);
                pb = awaitRestarted(n, "b", pb);
                await().atMost(BOUND).until(() -> events.restarts.size() == before + 1);
            }
            // the exits recorded are the two kills; each restart came at least its backoff after the death was seen
            long firstGap = events.restarts.get(0).atNanos() - events.exits.get(0);
            long secondGap = events.restarts.get(1).atNanos() - events.exits.get(1);
            assertThat(Duration.ofNanos(firstGap)).isGreaterThanOrEqualTo(min).isLessThan(min.plus(BOUND));
            assertThat(Duration.ofNanos(secondGap)).isGreaterThanOrEqualTo(min.multipliedBy(2))
                    .isLessThan(min.multipliedBy(2).plus(BOUND));
            n.close();
        }
    }

    @Test
    void backoffDoublesUpToItsCeilingAndJitterStaysWithinItsFraction() {
        Supervision s = Supervision.oneForOne().withBackoff(Duration.ofMillis(100), Duration.ofMillis(700), 0.5);
        assertThat(s.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(s.backoff(2, 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(s.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(s.backoff(4, 0.5)).isEqualTo(Duration.ofMillis(700));
        assertThat(s.backoff(60, 0.5)).isEqualTo(Duration.ofMillis(700));
        assertThat(s.backoff(2, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(s.backoff(2, 1.0)).isEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> s.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minBackoff <= maxBackoff");
        assertThatThrownBy(() -> s.withLimit(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRestarts");
    }

    @Test
    void aRestartThatDoesNotComeUpGivesUpAtOnceInsteadOfLooping() throws Exception {
        Path poison = dir.resolve("poison");
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            ActorNursery n = rt.openNursery(QUICK.withLimit(10, Duration.ofMinutes(1)));
            long pb = pid(n.startActor("b", ActorOptions.DEFAULTS.withJvmArgs("-Dflaky.poison=" + poison)));
            Files.writeString(poison, "x");
            kill(pb);
            await().atMost(BOUND).until(() -> !events.gaveUp.isEmpty());
            SupervisorGaveUp gaveUp = catchThrowableOfType(SupervisorGaveUp.class, n::close);
            assertThat(gaveUp.failures()).hasSize(2);
            assertThat(gaveUp.failures().get(1)).isInstanceOf(ActorStartFailed.class)
                    .hasMessageContaining("poisoned");
            assertThat(gaveUp.getMessage()).contains("did not come up");
            assertThat(events.spawnFailed).containsExactly("b");
            assertThat(events.restarts).isEmpty();
        }
    }

    @Test
    void aChildThatFailsOnItsFirstStartIsNotRestarted() throws Exception {
        Path poison = dir.resolve("poison");
        Files.writeString(poison, "x");
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            ActorNursery n = rt.openNursery(QUICK);
            assertThatThrownBy(() -> n.startActor("b",
                    ActorOptions.DEFAULTS.withJvmArgs("-Dflaky.poison=" + poison)))
                    .isInstanceOf(ActorStartFailed.class).hasMessageContaining("poisoned");
            n.close();
            assertThat(events.spawnFailed).containsExactly("b");
            assertThat(events.restarts).isEmpty();
        }
    }

    @Test
    void aTransientTaskIsRestartedUntilItSucceedsAndNotAfter() {
        Path counter = dir.resolve("transient");
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            Integer result = rt.withNursery(QUICK.withLimit(5, Duration.ofMinutes(1)), n -> {
                n.runInActor("task", "flaky", "attempt", Map.of("counter", counter.toString(), "failures", 2));
                return n.byName("task").result(Integer.class);
            });
            assertThat(result).isEqualTo(3);
            assertThat(events.restartsOf("task")).isEqualTo(2);
            assertThat(events.restarts.getFirst().cause()).isInstanceOf(RemoteActorError.class)
                    .hasMessageContaining("attempt 1 of task failed");
        }
    }

    @Test
    void aPermanentTaskIsRestartedEvenAfterItReturnsUntilTheLimit() {
        Path counter = dir.resolve("permanent");
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            ActorNursery n = rt.openNursery(QUICK.withLimit(2, Duration.ofMinutes(1)));
            n.runInActor("task", "flaky", "attempt", Map.of("counter", counter.toString(), "failures", 0),
                    ActorOptions.DEFAULTS.withRestart(RestartPolicy.PERMANENT));
            SupervisorGaveUp gaveUp = catchThrowableOfType(SupervisorGaveUp.class, n::close);
            assertThat(gaveUp.failures()).hasSize(3)
                    .allSatisfy(f -> assertThat(f).hasMessageContaining("ended by itself; it is permanent"));
        }
    }

    @Test
    void aDaemonThatExitsCleanlyIsRestartedIfPermanentAndDoneIfTransient() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            ActorNursery n = rt.openNursery(QUICK);
            Portal permanent = n.startActor("permanent");
            Portal transientOne = n.startActor("transient", ActorOptions.DEFAULTS.withRestart(RestartPolicy.TRANSIENT));
            long pp = pid(permanent);
            long pt = pid(transientOne);
            permanent.run("flaky", "exitSoon", Map.of("code", 0));
            transientOne.run("flaky", "exitSoon", Map.of("code", 0));
            awaitRestarted(n, "permanent", pp);
            await().atMost(BOUND).until(() -> ProcessHandle.of(pt).isEmpty());
            assertThat(events.restartsOf("transient")).isZero();
            assertThat(n.children()).extracting(p -> p.uid().name()).containsExactly("permanent");
            n.close();   // neither end is an error
        }
    }

    @Test
    void aTransientDaemonThatExitsWithAnErrorCodeIsRestarted() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            ActorNursery n = rt.openNursery(QUICK);
            Portal t = n.startActor("t", ActorOptions.DEFAULTS.withRestart(RestartPolicy.TRANSIENT));
            long pt = pid(t);
            t.run("flaky", "exitSoon", Map.of("code", 5));
            awaitRestarted(n, "t", pt);
            n.close();
        }
    }

    @Test
    void aTemporaryChildIsNeverRestartedItsSiblingsLiveOnAndCloseRaisesItsDeath() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            ActorNursery n = rt.openNursery(QUICK);
            Portal sibling = n.startActor("sibling");
            Portal temp = n.startActor("temp", ActorOptions.DEFAULTS.withRestart(RestartPolicy.TEMPORARY));
            long ps = pid(sibling);
            long pt = pid(temp);
            kill(pt);
            await().atMost(BOUND).until(() -> ProcessHandle.of(pt).isEmpty());
            await().atMost(BOUND).until(() -> n.children().size() == 1);
            assertThat(pid(sibling)).isEqualTo(ps);
            assertThat(events.restarts).isEmpty();
            assertThatThrownBy(n::close).isInstanceOf(ActorDied.class).hasMessageContaining("temp");
        }
    }

    @Test
    void aChildKilledWhileTheBodyCallsItByNameIsReachedAgainAfterOneActorDied() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            rt.withNursery(QUICK, n -> {
                Portal byName = n.byName(n.startActor("w").uid().name());
                long first = pid(byName);
                Thread killer = Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                    kill(first);
                });
                assertThatThrownBy(() -> byName.run("calc", "sleep", Map.of("millis", 10_000)))
                        .isInstanceOf(ActorDied.class);
                killer.join();
                assertThat(byName.run("calc", "square", Map.of("x", 9))).isEqualTo(81);
                assertThat(pid(byName)).isNotEqualTo(first);
                return null;
            });
        }
    }

    @Test
    void closingTheNurseryStopsARestartInItsBackoff() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            ActorNursery n = rt.openNursery(Supervision.oneForOne()
                    .withBackoff(Duration.ofSeconds(20), Duration.ofSeconds(20), 0));
            long pb = pid(n.startActor("b"));
            kill(pb);
            await().atMost(BOUND).until(() -> ProcessHandle.of(pb).isEmpty());
            long t0 = System.nanoTime();
            n.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(events.restarts).isEmpty();
        }
    }

    @Test
    void aBodyThatThrowsCancelsEverySupervisedChildAndNoneIsRestarted() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            long[] pids = new long[2];
            IllegalStateException thrown = catchThrowableOfType(IllegalStateException.class,
                    () -> rt.withNursery(QUICK, n -> {
                        pids[0] = pid(n.startActor("a"));
                        pids[1] = pid(n.startActor("b"));
                        throw new IllegalStateException("the body failed");
                    }));
            assertThat(thrown).hasMessage("the body failed");
            assertThat(ProcessHandle.of(pids[0]).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(ProcessHandle.of(pids[1]).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(events.restarts).isEmpty();
            assertThat(rt.status().children()).isEmpty();
        }
    }

    @Test
    void aChildCancelledByNameEndsForGoodAndATasksResultIsItsCancellation() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Events events = Events.of(rt);
            ActorNursery n = rt.openNursery(QUICK);
            Portal sibling = n.startActor("sibling");
            long daemon = pid(n.startActor("daemon"));
            n.runInActor("task", "calc", "sleep", Map.of("millis", 30_000));
            n.byName("daemon").cancelActor();
            assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            Portal task = n.byName("task");
            long taskPid = pid(task);
            task.cancelActor();
            assertThat(ProcessHandle.of(taskPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThatThrownBy(task::result).isInstanceOf(RuntimeException.class);
            assertThat(pid(sibling)).isPositive();
            n.close();   // a cancel by name is not a failure
            assertThat(events.restarts).isEmpty();
        }
    }

    @Test
    void anInterruptWhileACallByNameWaitsForARestartRaisesAndKeepsTheFlag() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            ActorNursery n = rt.openNursery(Supervision.oneForOne()
                    .withBackoff(Duration.ofSeconds(20), Duration.ofSeconds(20), 0));
            Portal byName = n.byName(n.startActor("b").uid().name());
            long pb = pid(byName);
            kill(pb);
            await().atMost(BOUND).until(() -> ProcessHandle.of(pb).isEmpty());
            java.util.concurrent.atomic.AtomicReference<Throwable> raised = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    byName.run("calc", "square", Map.of("x", 2));
                } catch (Throwable t) {
                    raised.set(t);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            Thread.sleep(300);   // the call waits for the incarnation the 20 s backoff holds back
            caller.interrupt();
            assertThat(caller.join(Duration.ofSeconds(10))).isTrue();
            assertThat(raised.get()).isInstanceOf(dev.tractor.TractorException.class)
                    .hasMessageContaining("interrupted while waiting for actor 'b' to be restarted");
            assertThat(flag.get()).isTrue();
            n.close();
        }
    }
}
