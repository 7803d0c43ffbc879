package dev.tractor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many virtual threads calling one child at once.
 *
 * @param latencies every call's latency
 * @param calls     completed calls over the wall-clock time of the whole round
 * @param errors    calls that failed or got a wrong answer
 * @param allocated bytes of heap this process allocated during the round (all its threads)
 */
record FanIn(Latencies latencies, Throughput calls, long errors, long allocated) {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    private static final Duration JOIN_LIMIT = Duration.ofSeconds(120);

    /** {@code threads} virtual threads, released together, each making {@code callsEach} sequential calls. */
    static FanIn run(Target target, int threads, int callsEach) {
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong errors = new AtomicLong();
        List<Latencies> perThread = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Latencies l = new Latencies();
            perThread.add(l);
            int base = t * callsEach;
            started.add(Thread.ofVirtual().name("bench-fanin-" + t).start(() -> calls(target, go, l, base, callsEach, errors)));
        }
        // every round starts with an empty young generation, so whether one of this process's own collections
        // (which copies the stacks of the parked callers) falls inside a round does not depend on the rounds before
        System.gc();
        long allocatedBefore = THREADS.getTotalThreadAllocatedBytes();
        long t0 = System.nanoTime();
        go.countDown();
        long deadline = t0 + JOIN_LIMIT.toNanos();
        for (Thread t : started) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    started.forEach(Thread::interrupt);
                    throw new IllegalStateException("fan-in calls did not finish within " + JOIN_LIMIT);
                }
            } catch (InterruptedException e) {
                started.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        long elapsed = System.nanoTime() - t0;
        long allocated = THREADS.getTotalThreadAllocatedBytes() - allocatedBefore;
        Latencies all = new Latencies();
        perThread.forEach(all::addAll);
        return new FanIn(all, new Throughput(all.size(), elapsed), errors.get(), allocated);
    }

    private static void calls(Target target, CountDownLatch go, Latencies l, int base, int n, AtomicLong errors) {
        try {
            go.await();
        } catch (InterruptedException e) {
            return;
        }
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            try {
                if (target.inc(base + i) != base + i + 1) {
                    errors.incrementAndGet();
                }
            } catch (RuntimeException e) {
                errors.incrementAndGet();
            }
            l.add(System.nanoTime() - t0);
        }
    }

    /** Both rounds' figures together; each round's throughput counts its own calls and time. */
    FanIn plus(FanIn other) {
        return new FanIn(Measure.merge(latencies, other.latencies), calls.plus(other.calls), errors + other.errors,
                allocated + other.allocated);
    }

    /** Heap bytes this process allocated per call. */
    double allocatedPerCall() {
        return (double) allocated / latencies.size();
    }
}
