package dev.tractor.bench.spawn;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waiting for a root's warm pool to be ready before a measured claim. */
public final class WarmPools {

    /** The pool size of the core root's measurements. */
    public static final int CORE_POOL = 2;
    /** The pool size of the Spring root's measurements. */
    public static final int SPRING_POOL = 2;

    private WarmPools() {
    }

    /**
     * Waits (at most 120 s) until this process has {@code size} child JVMs and none of them used CPU in the last
     * 300 ms: the pooled JVMs have booted and warmed up and wait for their claim.
     */
    public static void awaitSettled(int size) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        double last = -1;
        while (System.nanoTime() - giveUp < 0) {
            List<Long> pids = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                    .map(ProcessHandle::pid).toList();
            double cpu = pids.stream().mapToDouble(ProcMemory::cpuMillis).sum();
            if (pids.size() >= size && cpu - last < 5) {
                return;
            }
            last = cpu;
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("the warm pool did not settle within 120 s");
    }
}
