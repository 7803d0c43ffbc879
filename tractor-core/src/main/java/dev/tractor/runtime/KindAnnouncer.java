package dev.tractor.runtime;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends the {@code functype} of plain functions that are still running a moment after they started. A plain
 * function that finishes sooner sends its {@code functype} together with its reply, in one write: one
 * wake-up of the caller instead of two. One timer per connection, armed only while tasks are being tracked.
 * Used by the connection's event loop only.
 */
final class KindAnnouncer {

    /** The longest a running plain function's caller waits for its {@code functype}. */
    static final long DELAY_MICROS = 2_000;

    private final EventLoop loop;
    private final ArrayDeque<RpcTask> pending = new ArrayDeque<>();
    private boolean armed;

    KindAnnouncer(EventLoop loop) {
        this.loop = loop;
    }

    /** Watches a task that has just started. */
    void track(RpcTask task) {
        pending.add(task);
        if (!armed) {
            arm();
        }
    }

    private void arm() {
        try {
            loop.schedule(this::announce, DELAY_MICROS, TimeUnit.MICROSECONDS);
            armed = true;
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down with its connection: nobody is left to tell
            pending.clear();
        }
    }

    private void announce() {
        armed = false;
        for (int n = pending.size(); n > 0; n--) {
            RpcTask task = pending.poll();
            if (!task.announceKind()) {
                pending.add(task);
            }
        }
        if (!pending.isEmpty()) {
            arm();
        }
    }
}
