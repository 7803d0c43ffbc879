package dev.tractor.bench;

import java.time.Duration;
import java.util.function.Consumer;

/** The measuring loops shared by the workloads. */
final class Measure {

    private Measure() {
    }

    /** Runs {@code op} back to back for {@code d}, recording each call's latency. */
    static Latencies sequential(Target target, Duration d, Consumer<Target> op) {
        Latencies l = new Latencies();
        long end = System.nanoTime() + d.toNanos();
        long now;
        do {
            long t0 = System.nanoTime();
            op.accept(target);
            now = System.nanoTime();
            l.add(now - t0);
        } while (now < end);
        return l;
    }

    /** Merges two latency sets into a new one. */
    static Latencies merge(Latencies a, Latencies b) {
        Latencies all = new Latencies();
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    /** Fails if {@code ok} is false: a workload that got a wrong answer must not report a figure. */
    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong answer: " + what);
        }
    }
}
