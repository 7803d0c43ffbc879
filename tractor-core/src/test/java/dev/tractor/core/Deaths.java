package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.testing.RootProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Watches processes (children or not) until all have exited, recording when each was first seen gone,
 * polled every few milliseconds in the order given, so an order of deaths can be asserted.
 */
final class Deaths {

    private final long start = System.nanoTime();
    private final Map<Long, Long> goneAt = new LinkedHashMap<>();

    private Deaths() {
    }

    /** Polls until every PID is gone, failing if one is still there after {@code timeout}. */
    static Deaths watch(long pid1, long pid2, Duration timeout) throws InterruptedException {
        Deaths d = new Deaths();
        long[] pids = {pid1, pid2};
        long deadline = d.start + timeout.toNanos();
        while (d.goneAt.size() < pids.length && System.nanoTime() < deadline) {
            for (long pid : pids) {
                if (!d.goneAt.containsKey(pid) && !RootProcess.alive(pid)) {
                    d.goneAt.put(pid, System.nanoTime());
                }
            }
            Thread.sleep(5);
        }
        for (long pid : pids) {
            assertThat(d.goneAt).as("process %d still runs %s after the trigger", pid, timeout).containsKey(pid);
        }
        return d;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("deaths after the trigger:");
        goneAt.forEach((pid, at) -> b.append(' ').append(pid).append(" +")
                .append((at - start) / 1_000_000).append(" ms"));
        return b.toString();
    }

    /** How long after the start of the watch {@code pid} was first seen gone. */
    Duration after(long pid) {
        return Duration.ofNanos(goneAt.get(pid) - start);
    }
}
