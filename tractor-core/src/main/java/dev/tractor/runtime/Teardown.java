package dev.tractor.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * "Cancel, then join within the grace period": the one way the runtime ends what it owns (an actor its tasks and
 * nurseries, a nursery its children). Everything is cancelled first, then waited for against one deadline on the
 * monotonic clock, so the total wait is bounded whatever the number of things owned.
 *
 * @param <T> what is being ended
 */
final class Teardown<T> {

    /** Waits for one thing to end, at most {@code millis}; true if it ended. */
    @FunctionalInterface
    interface Join<T> {
        boolean await(T owned, long millis) throws InterruptedException;
    }

    private final List<T> owned;
    private final Join<? super T> join;

    private Teardown(List<T> owned, Join<? super T> join) {
        this.owned = List.copyOf(owned);
        this.join = join;
    }

    /** Cancels each of {@code owned} now with {@code cancel}, which must not block; join with {@link #join}. */
    static <T> Teardown<T> cancel(List<T> owned, Consumer<? super T> cancel, Join<? super T> join) {
        owned.forEach(cancel);
        return new Teardown<>(owned, join);
    }

    /**
     * Cancels each of {@code owned} with {@code cancel}, which may block (a graceful request and its answer), on a
     * virtual thread of its own, all at once; {@link #join} waits for those cancels to finish.
     */
    static <T> Teardown<Thread> inParallel(List<T> owned, Consumer<? super T> cancel, String threadName) {
        List<Thread> threads = new ArrayList<>();
        for (T t : owned) {
            threads.add(Thread.ofVirtual().name(threadName).start(() -> cancel.accept(t)));
        }
        return new Teardown<>(threads, (thread, millis) -> thread.join(Duration.ofMillis(millis)));
    }

    /** Waits for every one until {@code deadline}; returns those that had not ended by then. */
    List<T> join(Deadline deadline) throws InterruptedException {
        List<T> late = new ArrayList<>();
        for (T t : owned) {
            long left = deadline.remainingMillis();
            if (left <= 0 || !join.await(t, left)) {
                late.add(t);
            }
        }
        return late;
    }

    /** As {@link #join}, but an interrupt does not cut the wait short: it is kept for the caller to see. */
    List<T> joinUninterruptibly(Deadline deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return join(deadline);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
