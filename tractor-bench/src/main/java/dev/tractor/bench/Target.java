package dev.tractor.bench;

import java.time.Duration;

/**
 * One side of a comparison: a child process and the means to run each workload's operations against it.
 * Implemented over Tractor and over the raw Netty baseline, so every workload runs the same code on both.
 * Methods other than {@link #close()} are called from one thread at a time, except the plain calls
 * ({@link #inc}, {@link #rec}, {@link #bytes}) and {@link #openIdle()}, which must be thread-safe.
 */
public interface Target extends AutoCloseable {

    /** "tractor" or "raw". */
    String name();

    /** A call with an int argument, answering {@code x + 1}. */
    int inc(int x);

    /** A call sending the record and getting it back. */
    Rec rec(Rec r);

    /** A call sending a byte array and getting it back. */
    byte[] bytes(byte[] b);

    /**
     * Streams items of {@code kind} from the child for about {@code measure} (counted from the first item)
     * and then stops the stream cleanly.
     */
    Throughput stream(Payloads.Item kind, Duration measure);

    /**
     * As {@link #stream}, with the producer writing each batch of items into one buffer where this target can
     * (the raw baseline); the same as {@link #stream} otherwise.
     */
    default Throughput streamBatched(Payloads.Item kind, Duration measure) {
        return stream(kind, measure);
    }

    /** Echoes small ints through the child with {@code inFlight} messages outstanding for about {@code measure}. */
    Throughput echo(int inFlight, Duration measure);

    /** Opens one idle session (for Tractor: a context that has called {@code started}, with its stream open). */
    IdleSession openIdle();

    /** The process id of the child. */
    long childPid();

    /** The child's used heap right after a full garbage collection, in bytes. */
    long calleeHeapUsed();

    /** How many idle sessions the child has open. */
    int calleeOpenSessions();

    /** Stops the child process and releases everything. */
    @Override
    void close();

    /** An open idle session; closing it ends it cleanly on both sides and waits for that. */
    interface IdleSession extends AutoCloseable {
        @Override
        void close();
    }
}
