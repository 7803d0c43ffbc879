package dev.tractor.core;

import dev.tractor.Portal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Starts children from several threads at once, as callers of a shared nursery may. */
final class Parallel {

    private Parallel() {
    }

    /** What one start gave: a portal, or the exception it threw. */
    record Outcome(Portal portal, RuntimeException error) {
    }

    /** Runs every start on its own thread; waits (bounded) for all and returns their outcomes in order. */
    static List<Outcome> starts(List<Callable<Portal>> starts, Duration timeout) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            outcomes.add(null);
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int index = i;
            threads.add(Thread.ofVirtual().name("start-" + i).start(() -> {
                try {
                    outcomes.set(index, new Outcome(starts.get(index).call(), null));
                } catch (RuntimeException e) {
                    outcomes.set(index, new Outcome(null, e));
                } catch (Exception e) {
                    outcomes.set(index, new Outcome(null, new IllegalStateException(e)));
                }
            }));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                throw new AssertionError("a start did not return within " + timeout);
            }
        }
        return List.copyOf(outcomes);
    }
}
