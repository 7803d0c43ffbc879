package dev.tractor.testing;

import java.lang.management.ManagementFactory;

/** This JVM's heap in use after a full collection: to check that an attack left no memory behind. */
public final class Heap {

    private Heap() {
    }

    /** Used heap in bytes after collecting twice. */
    public static long usedAfterGc() {
        for (int i = 0; i < 2; i++) {
            ManagementFactory.getMemoryMXBean().gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Mebibytes, for messages. */
    public static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
