package dev.tractor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many idle sessions open at once between the benchmark and the child: how long opening and closing all takes,
 * and how much heap each open one holds on either side.
 *
 * @param openMillis   time to open all
 * @param closeMillis  time to close all
 * @param calleeBytes  the child's heap growth per open session
 * @param callerBytes  this process's heap growth per open session
 * @param errors       sessions that failed to open or close
 * @param openInCallee sessions the child reported open while all were open
 * @param leftOpen     sessions the child still reports open after closing all
 */
record Contexts(double openMillis, double closeMillis, double calleeBytes, double callerBytes, long errors,
                int openInCallee, int leftOpen) {

    private static final Duration PHASE_LIMIT = Duration.ofSeconds(120);

    /** Opens {@code n} sessions from {@code openers} threads, measures, then closes them all the same way. */
    static Contexts run(Target target, int n, int openers) {
        Target.IdleSession[] sessions = new Target.IdleSession[n];
        AtomicLong errors = new AtomicLong();
        long calleeBefore = target.calleeHeapUsed();
        long callerBefore = Heap.usedAfterGc();
        long t0 = System.nanoTime();
        inParallel(n, openers, i -> sessions[i] = target.openIdle(), errors);
        long openNanos = System.nanoTime() - t0;
        long calleeAfter = target.calleeHeapUsed();
        long callerAfter = Heap.usedAfterGc();
        int open = target.calleeOpenSessions();
        long t1 = System.nanoTime();
        inParallel(n, openers, i -> {
            if (sessions[i] != null) {
                sessions[i].close();
                sessions[i] = null;
            }
        }, errors);
        long closeNanos = System.nanoTime() - t1;
        int left = target.calleeOpenSessions();
        return new Contexts(openNanos / 1e6, closeNanos / 1e6, (calleeAfter - calleeBefore) / (double) n,
                (callerAfter - callerBefore) / (double) n, errors.get(), open, left);
    }

    /** Runs {@code action(i)} for i in 0..n-1, spread over {@code threads} virtual threads; counts failures. */
    private static void inParallel(int n, int threads, IndexAction action, AtomicLong errors) {
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            started.add(Thread.ofVirtual().name("bench-contexts-" + t).start(() -> {
                for (int i = first; i < n; i += threads) {
                    try {
                        action.run(i);
                    } catch (RuntimeException e) {
                        if (errors.incrementAndGet() == 1) {
                            System.err.println("contexts: " + e);
                        }
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        try {
            for (Thread t : started) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    started.forEach(Thread::interrupt);
                    throw new IllegalStateException("contexts: a phase did not finish within " + PHASE_LIMIT);
                }
            }
        } catch (InterruptedException e) {
            started.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @FunctionalInterface
    private interface IndexAction {
        void run(int i);
    }
}
