package dev.tractor.bench.tractor;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Context;
import dev.tractor.MsgStream;
import dev.tractor.bench.Heap;
import dev.tractor.bench.Payloads;
import dev.tractor.bench.Rec;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The functions the benchmark's Tractor child exposes (namespace {@code bench}). */
@ActorNamespace("bench")
public class BenchFunctions {

    private static final AtomicInteger IDLE = new AtomicInteger();

    /** The tiny function of the rtt and fan-in workloads. */
    @ActorFunction
    public int inc(int x) {
        return x + 1;
    }

    /** {@link #inc} answered on the connection's event loop ({@code -Dbench.tractor.onEventLoop=true}). */
    @ActorFunction(onEventLoop = true)
    public int incOnLoop(int x) {
        return x + 1;
    }

    /** Sends the record back. */
    @ActorFunction
    public Rec rec(Rec r) {
        return r;
    }

    /** Sends the bytes back. */
    @ActorFunction
    public byte[] bytes(byte[] b) {
        return b;
    }

    /** {@code 0 .. n-1}; the stream workload closes it long before the end. */
    @ActorFunction
    public Stream<Integer> ints(int n) {
        return IntStream.range(0, n).boxed();
    }

    /** The record, {@code n} times. */
    @ActorFunction
    public Stream<Rec> recs(int n) {
        return Stream.generate(Payloads::record).limit(n);
    }

    /** The 64 KiB array, {@code n} times. */
    @ActorFunction
    public Stream<byte[]> blobs(int n) {
        return Stream.generate(Payloads::blob).limit(n);
    }

    /** Sends back every message until the caller stops; returns how many. */
    @ActorFunction
    public int echo(Context ctx) {
        ctx.started(0);
        int n = 0;
        try (MsgStream<Object> s = ctx.openStream(Object.class)) {
            for (Object m : s) {
                s.send(m);
                n++;
            }
        }
        return n;
    }

    /** Starts, then waits, receiving nothing, until the caller closes its stream. */
    @ActorFunction
    public int idle(Context ctx) {
        IDLE.incrementAndGet();
        try {
            ctx.started(true);
            try (MsgStream<Object> s = ctx.openStream(Object.class)) {
                for (Object ignored : s) {
                    // the caller sends nothing; the loop ends at its stop
                }
            }
            return 0;
        } finally {
            IDLE.decrementAndGet();
        }
    }

    /** How many {@link #idle} contexts are running. */
    @ActorFunction
    public int idleCount() {
        return IDLE.get();
    }

    /** This process's used heap after full garbage collections. */
    @ActorFunction
    public long heapUsed() {
        return Heap.usedAfterGc();
    }
}
