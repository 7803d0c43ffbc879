package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Context;
import dev.tractor.EndOfStream;
import dev.tractor.MsgStream;
import dev.tractor.TractorException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Context functions used by the tests. Functions that take a {@code key} record in {@link Observations}
 * what they saw: {@code key.received}/{@code key.sent} count stream items, notes under {@code key} say
 * where and how the task was interrupted.
 */
@ActorNamespace("echo")
public class EchoServer {

    private static final ReentrantLock HELD = new ReentrantLock();
    private static volatile Thread holder;

    /** Starts with {@code start}, sends back every message until the caller stops; returns how many. */
    @ActorFunction
    public int echo(Context ctx, int start) {
        ctx.started(start);
        int n = 0;
        try (MsgStream<Object> s = ctx.openStream(Object.class)) {
            for (Object m : s) {
                s.send(m);
                n++;
            }
        }
        return n;
    }

    /** Starts with {@code value}, waits for the gate {@code key}, returns {@code value + "!"}. */
    @ActorFunction
    public String startThenWait(Context ctx, String value, String key) throws InterruptedException {
        ctx.started(value);
        try {
            Observations.awaitGate(key);
        } catch (InterruptedException e) {
            Observations.note(key, "interrupted while waiting, cancelled=" + ctx.isCancelled());
            throw e;
        }
        return value + "!";
    }

    /**
     * Receives until the caller stops (counting under {@code key.received}); returns the sum of the items.
     * Notes under {@code key} how it ended.
     */
    @ActorFunction
    public long sum(Context ctx, String key) {
        ctx.started(key);
        long sum = 0;
        try (MsgStream<Long> s = ctx.openStream(Long.class)) {
            for (long x : s) {
                sum += x;
                Observations.add(key + ".received", 1);
            }
        } catch (TractorException e) {
            Observations.note(key, "receive raised " + e.getClass().getSimpleName() + ", interrupted="
                    + Thread.currentThread().isInterrupted() + ", cancelled=" + ctx.isCancelled());
            throw e;
        }
        Observations.note(key, "caller stopped, returning normally");
        return sum;
    }

    /**
     * Starts, then blocks where {@code where} says (receive, send, sleep, lock) until cancelled; notes how
     * the interrupt arrived under {@code key}.
     */
    @ActorFunction
    public String blockIn(Context ctx, String where, String key) throws Exception {
        ctx.started(where);
        try {
            switch (where) {
                case "receive" -> {
                    MsgStream<Object> s = ctx.openStream(Object.class);
                    Observations.note(key, "blocking");
                    s.receive();
                }
                case "send" -> {
                    MsgStream<Object> s = ctx.openStream(Object.class);
                    Observations.note(key, "blocking");
                    while (true) {
                        s.send("x");
                        Observations.add(key + ".sent", 1);
                    }
                }
                case "sleep" -> {
                    Observations.note(key, "blocking");
                    Thread.sleep(60_000);
                }
                case "lock" -> {
                    holdTheLockElsewhere();
                    Observations.note(key, "blocking");
                    HELD.lockInterruptibly();
                    HELD.unlock();
                }
                default -> throw new IllegalArgumentException(where);
            }
            return "not interrupted";
        } catch (Exception e) {
            Observations.note(key, "interrupted in " + where + ": " + e.getClass().getName()
                    + ", cancelled=" + ctx.isCancelled());
            throw e;
        }
    }

    /** Makes a daemon thread of this process hold {@link #HELD} for good. */
    private static synchronized void holdTheLockElsewhere() throws InterruptedException {
        if (holder == null) {
            CountDownLatch locked = new CountDownLatch(1);
            holder = Thread.ofPlatform().daemon().name("lock-holder").start(() -> {
                HELD.lock();
                locked.countDown();
                while (true) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException ignored) {
                        // holds the lock until the process exits
                    }
                }
            });
            locked.await();
        }
    }

    /** Calls started twice: a misuse that fails the task. */
    @ActorFunction
    public int startedTwice(Context ctx) {
        ctx.started(1);
        ctx.started(2);
        return 0;
    }

    /** Opens its stream before started: a misuse that fails the task. */
    @ActorFunction
    public int streamBeforeStarted(Context ctx) {
        ctx.openStream(Object.class);
        ctx.started(1);
        return 0;
    }

    /** Returns without calling started: a misuse that fails the task. */
    @ActorFunction
    public int neverStarted(Context ctx) {
        return 0;
    }

    /** Opens its stream twice: the second open fails the task. */
    @ActorFunction
    public int openTwice(Context ctx) {
        ctx.started(0);
        ctx.openStream(Object.class).close();
        ctx.openStream(Object.class);
        return 0;
    }

    /** Starts but never opens its stream; sleeps {@code millis}, then returns {@code millis}. */
    @ActorFunction
    public long neverOpens(Context ctx, long millis) throws InterruptedException {
        ctx.started(millis);
        Thread.sleep(millis);
        return millis;
    }

    /** Sends {@code n} items whether or not the caller ever opens its side; returns {@code n}. */
    @ActorFunction
    public int sendUnread(Context ctx, int n) {
        ctx.started(n);
        try (MsgStream<Object> s = ctx.openStream(Object.class)) {
            for (int i = 0; i < n; i++) {
                s.send(i);
            }
        }
        return n;
    }

    /** Sends 0, …, n - 1, then fails with IllegalArgumentException, its stream still open. */
    @ActorFunction
    public int failMidStream(Context ctx, int n) {
        ctx.started(n);
        MsgStream<Object> s = ctx.openStream(Object.class);
        for (int i = 0; i < n; i++) {
            s.send(i);
        }
        throw new IllegalArgumentException("context broke after " + n + " items");
    }

    /**
     * Opens its stream but reads nothing until the gate {@code key} opens; then counts items until the
     * caller stops and returns the count.
     */
    @ActorFunction
    public int readAfterGate(Context ctx, String key) throws InterruptedException {
        ctx.started(key);
        try (MsgStream<Object> s = ctx.openStream(Object.class)) {
            Observations.awaitGate(key);
            int n = 0;
            while (true) {
                try {
                    s.receive();
                    n++;
                } catch (EndOfStream end) {
                    return n;
                }
            }
        }
    }

    /**
     * Starts, then fails with an IllegalArgumentException and spends {@code millis} in its finally block ignoring
     * interrupts, as cleanup that must run does: a cancel that arrives meanwhile must not mask the error.
     */
    @ActorFunction
    public String failThenLinger(Context ctx, long millis) {
        ctx.started("failing");
        try {
            throw new IllegalArgumentException("the real error");
        } finally {
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    /** Echoes one item on its stream, then fails inside the stream block, in the callback form or the try form. */
    @ActorFunction
    public int failInsideStream(Context ctx, boolean callback) {
        ctx.started("ready");
        if (callback) {
            return ctx.withStream(String.class, s -> {
                s.send(s.receive());
                throw new IllegalArgumentException("failed inside the stream block");
            });
        }
        try (MsgStream<String> s = ctx.openStream(String.class)) {
            s.send(s.receive());
            throw new IllegalArgumentException("failed inside the stream block");
        }
    }

    /** Starts with {@code n}, then sends 0, 1, …, n - 1 on its stream; returns how many it sent. */
    @ActorFunction
    public int produce(Context ctx, int n) {
        ctx.started(n);
        return ctx.withStream(Object.class, s -> {
            for (int i = 0; i < n; i++) {
                s.send(i);
            }
            return n;
        });
    }
}
