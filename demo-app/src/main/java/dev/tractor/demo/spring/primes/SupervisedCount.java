package dev.tractor.demo.spring.primes;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorStatus;
import dev.tractor.WorkerPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step of the demo's scenario: a worker pool, supervised one-for-one, counts the primes below a limit segment by
 * segment; one worker's process is killed (SIGKILL) half-way, is restarted as a new incarnation, and the segment it
 * was counting is counted again, so the total is still right.
 */
final class SupervisedCount {

    /** How the count went: the primes, and the killed worker's restarts and the cause of the last one. */
    record Outcome(long primes, String worker, int restarts, String cause) {
    }

    private static final long PAUSE_MS = 150;
    private static final Duration RESTART_BOUND = Duration.ofSeconds(60);

    private SupervisedCount() {
    }

    static Outcome run(ActorRuntime runtime, int workers, long limit, PrintStream out) throws InterruptedException {
        int segments = workers * 4;
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            jobs.add(Map.of("from", limit * i / segments, "to", limit * (i + 1) / segments, "pauseMs", PAUSE_MS));
        }
        try (WorkerPool pool = runtime.openWorkerPool("counter", workers)) {
            int at = workers > 1 ? 1 : 0;
            String victim = pool.name() + "-" + (at + 1);
            long pid = pool.workers().get(at).run("primes", "pid", Map.of(), Long.class);
            Thread killer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(PAUSE_MS * 2);
                } catch (InterruptedException e) {
                    return;
                }
                out.printf("[demo] killing worker %s (pid %d) while it counts%n", victim, pid);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            });
            List<Long> counts = pool.map("primes", "countRange", jobs, Long.class);
            killer.join();
            ActorStatus.Child restarted = awaitRestart(runtime, victim);
            long primes = counts.stream().mapToLong(Long::longValue).sum();
            String cause = restarted == null || restarted.history().isEmpty() ? "none"
                    : restarted.history().getLast().cause();
            return new Outcome(primes, victim, restarted == null ? 0 : restarted.restarts(), cause);
        }
    }

    /** The worker's status once it has been restarted (bounded), or its latest status. */
    private static ActorStatus.Child awaitRestart(ActorRuntime runtime, String name) throws InterruptedException {
        long giveUp = System.nanoTime() + RESTART_BOUND.toNanos();
        Optional<ActorStatus.Child> child = Optional.empty();
        while (System.nanoTime() - giveUp < 0) {
            child = runtime.status().children().stream().filter(c -> c.name().equals(name) && c.alive()).findFirst();
            if (child.isPresent() && child.get().restarts() > 0 && child.get().started()) {
                return child.get();
            }
            Thread.sleep(50);
        }
        return child.orElse(null);
    }
}
