package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tractor.ActorRuntime;
import dev.tractor.JobFailed;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import dev.tractor.RemoteActorError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.WorkerPool;
import dev.tractor.testing.Calc;
import dev.tractor.testing.EchoServer;
import dev.tractor.testing.Flaky;
import dev.tractor.testing.NoLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Worker pools of real child processes: jobs spread in order, a worker's death survived, errors named, contexts. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerPoolTests {

    private static TractorConfig config() {
        return TractorConfig.builder().name("root").enableModules(Calc.class, Flaky.class, EchoServer.class)
                .cancelGracePeriod(Duration.ofSeconds(2)).build();
    }

    private static List<Map<String, Object>> jobs(int n, long sleepMs) {
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(Map.of("x", i, "sleepMs", sleepMs));
        }
        return jobs;
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aPoolOfFourSpreadsAHundredJobsAndAnswersInOrder() {
        try (ActorRuntime rt = Tractor.openRoot(config()); WorkerPool pool = rt.openWorkerPool("worker", 4)) {
            assertThat(pool.workers()).extracting(p -> p.uid().name())
                    .containsExactly("worker-1", "worker-2", "worker-3", "worker-4");
            List<Map> results = pool.map("flaky", "square", jobs(100, 5), Map.class);
            Set<Object> by = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                assertThat(results.get(i).get("value")).isEqualTo(i * i);
                by.add(results.get(i).get("by"));
            }
            assertThat(by).containsExactlyInAnyOrder("worker-1", "worker-2", "worker-3", "worker-4");
        }
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aPoolSurvivesAWorkersDeathAndEveryJobIsAnswered() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            RestartTests.Events events = RestartTests.Events.of(rt);
            try (WorkerPool pool = rt.openWorkerPool("worker", 4)) {
                long victim = pool.workers().get(1).run("flaky", "pid", Map.of(), Long.class);
                Thread killer = Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                    ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
                });
                List<Map> results = pool.map("flaky", "square", jobs(100, 30), Map.class);
                killer.join();
                for (int i = 0; i < 100; i++) {
                    assertThat(results.get(i).get("value")).isEqualTo(i * i);
                }
                assertThat(events.restartsOf("worker-2")).isEqualTo(1);
                assertThat(pool.workers().get(1).run("flaky", "pid", Map.of(), Long.class)).isNotEqualTo(victim);
            }
        }
    }

    @Test
    void failedJobsAreRaisedInOrderWithTheirWorkersName() {
        try (ActorRuntime rt = Tractor.openRoot(config()); WorkerPool pool = rt.openWorkerPool("worker", 2)) {
            List<Map<String, Object>> jobs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                jobs.add(Map.of("x", i));
            }
            JobFailed failed = catchThrowableOfType(JobFailed.class,
                    () -> pool.map("flaky", "evenOnly", jobs, Integer.class));
            assertThat(failed.index()).isEqualTo(1);
            assertThat(failed.worker()).matches("worker-[12]");
            assertThat(failed).hasMessageContaining("job 1 of pool 'worker' (flaky.evenOnly) failed on worker-")
                    .hasCauseInstanceOf(RemoteActorError.class);
            assertThat(failed.getCause()).hasMessageContaining("1 is odd");
            assertThat(failed.getSuppressed()).hasSize(4)
                    .allSatisfy(s -> assertThat(((JobFailed) s).index() % 2).isEqualTo(1));
            // the pool lives on
            assertThat(pool.map("flaky", "evenOnly", List.of(Map.of("x", 2)), Integer.class)).containsExactly(2);
        }
    }

    @Test
    void contextsOpenOnEveryWorkerAtOnce() {
        try (ActorRuntime rt = Tractor.openRoot(config()); WorkerPool pool = rt.openWorkerPool("worker", 3)) {
            List<Object> echoed = pool.withContexts("echo", "echo", Map.of("start", 7), (contexts, started) -> {
                assertThat(started).containsExactly(7, 7, 7);
                List<Object> got = new ArrayList<>();
                for (int i = 0; i < contexts.size(); i++) {
                    try (MsgStream<Object> s = contexts.get(i).openStream(Object.class)) {
                        s.send("hello " + i);
                        got.add(s.receive());
                    }
                }
                return got;
            });
            assertThat(echoed).containsExactly("hello 0", "hello 1", "hello 2");
        }
    }

    @Test
    void aBodyThatThrowsCancelsEveryContext() {
        try (ActorRuntime rt = Tractor.openRoot(config()); WorkerPool pool = rt.openWorkerPool("worker", 2)) {
            AtomicReference<List<Portal>> seen = new AtomicReference<>(pool.workers());
            IllegalStateException thrown = catchThrowableOfType(IllegalStateException.class,
                    () -> pool.withContexts("echo", "echo", Map.of("start", 1), (contexts, started) -> {
                        throw new IllegalStateException("body failed");
                    }));
            assertThat(thrown).hasMessage("body failed");
            for (Portal w : seen.get()) {
                assertThat(w.run("calc", "square", Map.of("x", 3))).isEqualTo(9);
            }
            assertThat(rt.status().children()).allSatisfy(c -> assertThat(c.alive()).isTrue());
        }
    }

    @Test
    void anInterruptedMapCancelsItsJobsAndKeepsTheFlag() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config()); WorkerPool pool = rt.openWorkerPool("worker", 2)) {
            AtomicReference<Throwable> raised = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    pool.map("calc", "sleep", List.of(Map.of("millis", 30_000), Map.of("millis", 30_000)), Long.class);
                } catch (Throwable t) {
                    raised.set(t);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            Thread.sleep(500);
            caller.interrupt();
            assertThat(caller.join(Duration.ofSeconds(10))).isTrue();
            assertThat(raised.get()).hasMessageContaining("interrupted while waiting for the jobs of worker pool");
            assertThat(flag.get()).isTrue();
            // the jobs were cancelled: each worker soon runs nothing but the status call asking it, and answers
            for (Portal w : pool.workers()) {
                org.awaitility.Awaitility.await("the cancelled job of " + w.uid() + " to end")
                        .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                        .until(() -> ((List<?>) w.run("self", "status", Map.of(), Map.class).get("tasks")).size() == 1);
                assertThat(w.run("calc", "square", Map.of("x", 5))).isEqualTo(25);
            }
        }
    }

    @Test
    void aDeadlineEndsAMapWithDeadlineExceeded() {
        try (ActorRuntime rt = Tractor.openRoot(config()); WorkerPool pool = rt.openWorkerPool("worker", 2)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Tractor.deadline(Duration.ofMillis(500), () -> pool.map("calc", "sleep",
                    List.of(Map.of("millis", 30_000), Map.of("millis", 30_000)), Long.class)))
                    .isInstanceOf(dev.tractor.DeadlineExceeded.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
