package dev.tractor.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the {@code functype} of plain functions that are still running {@link #DELAY_MICROS} after they
 * started. A plain function that finishes sooner sends its {@code functype} together with its reply, in one
 * write: one wake-up of the caller instead of two. One timer per connection, armed only while a task is
 * watched, for the oldest one's deadline. Used by the connection's event loop only.
 */
final class KindAnnouncer {

    /** The longest a running plain function's caller waits for its {@code functype}. */
    static final long DELAY_MICROS = 2_000;
    private static final long DELAY_NANOS = TimeUnit.MICROSECONDS.toNanos(DELAY_MICROS);

    /** A task and when its functype is due. */
    private record Watch(RpcTask task, long due) {
    }

    private final ScheduledExecutorService loop;
    private final ArrayDeque<Watch> watched = new ArrayDeque<>();
    private boolean armed;

    KindAnnouncer(ScheduledExecutorService loop) {
        this.loop = loop;
    }

    /** Watches a task that has just started. */
    void track(RpcTask task) {
        watched.add(new Watch(task, System.nanoTime() + DELAY_NANOS));
        if (!armed) {
            arm(DELAY_NANOS);
        }
    }

    private void arm(long nanos) {
        try {
            loop.schedule(this::announce, nanos, TimeUnit.NANOSECONDS);
            armed = true;
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down with its connection: nobody is left to tell
            watched.clear();
        }
    }

    /** Announces every task whose time has come (tasks are watched in the order they started). */
    private void announce() {
        armed = false;
        long now = System.nanoTime();
        Watch w;
        while ((w = watched.peek()) != null) {
            if (w.task().kindSettled()) {
                watched.poll();
            } else if (w.due() - now <= 0) {
                watched.poll();
                if (!w.task().announceKind()) {
                    watched.add(new Watch(w.task(), now + DELAY_NANOS));
                }
            } else {
                arm(w.due() - now);
                return;
            }
        }
    }
}
