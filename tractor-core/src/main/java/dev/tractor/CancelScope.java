package dev.tractor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A region of one thread's work that can be cancelled as a whole, in the spirit of trio's {@code CancelScope} and
 * Java's {@code StructuredTaskScope}: everything the thread blocks on inside it — calls, contexts, streams,
 * nurseries — is cancelled when the scope is (the thread is interrupted, and every blocking operation of the runtime
 * answers an interrupt by cancelling its remote work and raising). A scope may carry a deadline, measured on the
 * monotonic clock; it travels with every call made inside it, so a callee's task, and every call it makes in turn,
 * runs under what is left of it. Scopes nest: a cancelled scope cancels the scopes opened inside it, and an inner
 * deadline is never later than the outer one.
 *
 * <p>Open and close a scope on the same thread, in a try-with-resources block. {@link #close()} never blocks; it
 * clears the interrupt this scope caused, so nothing leaks past the block. {@link #cancel()} may be called from any
 * thread.
 */
public final class CancelScope implements AutoCloseable {

    private static final ThreadLocal<CancelScope> CURRENT = new ThreadLocal<>();
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tractor-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final CancelScope parent;
    private final Thread owner;
    private final long deadlineNanos;
    private final Duration timeout;
    private final List<CancelScope> children = new ArrayList<>();
    private final List<Runnable> hooks = new ArrayList<>();
    private ScheduledFuture<?> timer;
    private boolean cancelCalled;
    private boolean deadlinePassed;
    private boolean cancelledCaught;
    private boolean closed;

    private CancelScope(CancelScope parent, long deadlineNanos, Duration timeout) {
        this.parent = parent;
        this.owner = Thread.currentThread();
        this.deadlineNanos = deadlineNanos;
        this.timeout = timeout;
    }

    /** Opens a scope without a deadline of its own (it keeps its parent's, if any) on this thread. */
    public static CancelScope open() {
        return open(null);
    }

    /**
     * Opens a scope on this thread that is cancelled when {@code timeout} has passed (or its parent's deadline, if
     * that comes first); null for none of its own.
     */
    public static CancelScope open(Duration timeout) {
        CancelScope parent = CURRENT.get();
        long now = System.nanoTime();
        long own = timeout == null ? Long.MAX_VALUE : now + Math.max(0, timeout.toNanos());
        long inherited = parent == null ? Long.MAX_VALUE : parent.deadlineNanos;
        Duration shown = timeout != null && own <= inherited ? timeout : parent != null ? parent.timeout : timeout;
        CancelScope scope = new CancelScope(parent, Math.min(own, inherited), shown);
        RuntimeCensus.opened(RuntimeCensus.Kind.CANCEL_SCOPES);
        if (parent != null) {
            parent.adopt(scope);
        }
        CURRENT.set(scope);
        if (scope.deadlineNanos != Long.MAX_VALUE) {
            scope.timer = TIMERS.schedule(scope::deadlineReached, Math.max(0, scope.deadlineNanos - now),
                    TimeUnit.NANOSECONDS);
        }
        return scope;
    }

    /** The innermost scope open on this thread, if any. */
    public static Optional<CancelScope> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Cancels this scope and every scope opened inside it; idempotent, from any thread. */
    public void cancel() {
        List<CancelScope> inner;
        synchronized (this) {
            if (cancelCalled || closed) {
                return;
            }
            cancelCalled = true;
            inner = List.copyOf(children);
        }
        inner.forEach(CancelScope::cancel); // inner scopes are marked before the thread wakes and closes them
        List<Runnable> owned;
        synchronized (this) {
            owned = List.copyOf(hooks);
            if (!closed) {
                owner.interrupt();
            }
        }
        owned.forEach(CancelScope::runAside);
    }

    /**
     * Registers work this scope owns beyond its thread's blocking calls (a nursery's children, say): {@code onCancel}
     * runs, on a thread of its own, when the scope is cancelled — at once if it already is. Close the returned
     * registration when that work has ended.
     */
    public AutoCloseable whenCancelled(Runnable onCancel) {
        boolean now;
        synchronized (this) {
            now = cancelCalled;
            if (!now) {
                hooks.add(onCancel);
            }
        }
        if (now) {
            runAside(onCancel);
        }
        return () -> {
            synchronized (this) {
                hooks.remove(onCancel);
            }
        };
    }

    private static void runAside(Runnable hook) {
        Thread.ofVirtual().name("tractor-scope-cancel").start(hook);
    }

    /** Whether {@link #cancel()} was called, or the deadline passed. */
    public synchronized boolean cancelCalled() {
        return cancelCalled;
    }

    /** Whether the deadline passed while the scope was open (which cancelled it). */
    public synchronized boolean deadlinePassed() {
        return deadlinePassed;
    }

    /**
     * Whether the cancel of this scope was what ended its block: set by {@link #caught(Throwable)} when the block's
     * exception came from this scope's cancel, as {@link Tractor#deadline} does.
     */
    public synchronized boolean cancelledCaught() {
        return cancelledCaught;
    }

    /** The time left until the deadline (zero once it passed), or empty if there is none. */
    public Optional<Duration> remaining() {
        if (deadlineNanos == Long.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
    }

    /** The timeout the deadline came from (this scope's own, or the outer scope's that sets it), if any. */
    public Optional<Duration> timeout() {
        return deadlineNanos == Long.MAX_VALUE ? Optional.empty() : Optional.ofNullable(timeout);
    }

    /**
     * Records that the block failed with {@code failure} and returns whether that failure is this scope's own
     * cancel at work (the scope was cancelled, so the failure is the interrupt it caused, or what a cancelled call
     * raised); if so {@link #cancelledCaught()} becomes true.
     */
    public synchronized boolean caught(Throwable failure) {
        if (cancelCalled && failure != null) {
            cancelledCaught = true;
        }
        return cancelledCaught;
    }

    /**
     * Ends the scope: its deadline timer is stopped, the interrupt its cancel caused is cleared, and the thread's
     * current scope is its parent again. Never blocks.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeCensus.closed(RuntimeCensus.Kind.CANCEL_SCOPES);
            if (timer != null) {
                timer.cancel(false);
            }
            if (cancelCalled && Thread.currentThread() == owner) {
                Thread.interrupted();
            }
        }
        if (parent != null) {
            parent.release(this);
        }
        if (CURRENT.get() == this) {
            if (parent != null) {
                CURRENT.set(parent);
            } else {
                CURRENT.remove();
            }
        }
    }

    private void deadlineReached() {
        synchronized (this) {
            if (closed || cancelCalled) {
                return;
            }
            deadlinePassed = true;
        }
        cancel();
    }

    private synchronized void adopt(CancelScope child) {
        children.add(child);
        if (cancelCalled) {
            child.cancel();
        }
    }

    private synchronized void release(CancelScope child) {
        children.remove(child);
    }

    @Override
    public synchronized String toString() {
        return "CancelScope[" + (cancelCalled ? "cancelled" : "open") + timeout().map(t -> ", deadline " + t)
                .orElse("") + "]";
    }
}
