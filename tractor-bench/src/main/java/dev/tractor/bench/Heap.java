package dev.tractor.bench;

import java.lang.management.ManagementFactory;

/** Heap measurements for the contexts workload. */
public final class Heap {

    private Heap() {
    }

    /** The used heap right after full garbage collections, in bytes. */
    public static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
