package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Context;
import java.util.concurrent.atomic.AtomicInteger;

/** Functions that block until interrupted, counting the interrupts, so tests can prove a remote task was cancelled. */
@ActorNamespace("sleeper")
public class Sleeper {

    private static final AtomicInteger INTERRUPTED = new AtomicInteger();

    @ActorFunction
    public long sleep(long millis) throws InterruptedException {
        nap(millis);
        return millis;
    }

    /** A context function that takes {@code millis} before it calls {@code ctx.started}. */
    @ActorFunction
    public long slowStart(Context ctx, long millis) throws InterruptedException {
        nap(millis);
        ctx.started(millis);
        return millis;
    }

    /** How many of this actor's sleeps were interrupted. */
    @ActorFunction
    public int interrupted() {
        return INTERRUPTED.get();
    }

    /** Sleeps until {@code epochMillis}, then throws {@code IllegalStateException(message)}. */
    @ActorFunction
    public String failAt(long epochMillis, String message) throws InterruptedException {
        nap(Math.max(0, epochMillis - System.currentTimeMillis()));
        throw new IllegalStateException(message);
    }

    private static void nap(long millis) throws InterruptedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            INTERRUPTED.incrementAndGet();
            throw e;
        }
    }
}
