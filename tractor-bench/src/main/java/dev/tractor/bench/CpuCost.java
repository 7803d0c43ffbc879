package dev.tractor.bench;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * CPU time per operation, of this process and the target's child together (user and system time, as the
 * operating system accounts it). Steadier than latency on a shared machine: a thread waiting for a CPU costs
 * latency but no CPU time. This process's figure includes its idle threads, the same for both targets.
 */
final class CpuCost {

    private CpuCost() {
    }

    /** Runs {@code op} back to back for {@code d} and gives the CPU microseconds each call cost. */
    static double perCall(Target target, Duration d, Consumer<Target> op) {
        ProcessHandle child = ProcessHandle.of(target.childPid())
                .orElseThrow(() -> new IllegalStateException("the " + target.name() + " child is gone"));
        long before = cpuNanos(child);
        long calls = 0;
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            op.accept(target);
            calls++;
        }
        return (cpuNanos(child) - before) / 1e3 / calls;
    }

    private static long cpuNanos(ProcessHandle child) {
        return cpu(ProcessHandle.current()) + cpu(child);
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos)
                .orElseThrow(() -> new IllegalStateException("no CPU time for process " + p.pid()));
    }
}
