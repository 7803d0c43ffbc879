package dev.tractor.testing;

import java.lang.management.ManagementFactory;

/** This JVM's heap in use after a full collection, and Netty's direct memory: to check what an attack holds. */
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

    /**
     * Direct memory Netty's default allocator holds (sockets write from direct buffers, so data waiting to be
     * written to a peer sits here, not on the heap); pooled memory stays with the pool once freed.
     */
    public static long nettyDirect() {
        return io.netty.buffer.ByteBufAllocator.DEFAULT instanceof io.netty.buffer.ByteBufAllocatorMetricProvider m
                ? m.metric().usedDirectMemory() : 0;
    }

    /** Mebibytes, for messages. */
    public static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
