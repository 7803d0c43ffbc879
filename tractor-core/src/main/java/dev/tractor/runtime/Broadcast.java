package dev.tractor.runtime;

import dev.tractor.Lagged;
import dev.tractor.ReceiveStream;
import dev.tractor.TractorException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The broadcast of one stream to several local consumers ({@link ReceiveStream#subscribe(int)}; tractor's
 * {@code BroadcastReceiver}, tokio's {@code broadcast} channel). A ring holds the last {@code capacity} items taken
 * from the source, shared by every subscription; each subscription has its own position, the sequence number of
 * the next item it is to see.
 *
 * <p>No thread of its own: a subscription that has seen everything in the ring pulls the next item from the source
 * itself, outside the lock, while one other subscription at most does so ({@link #pulling}); the others wait on
 * {@link #changed} for it, or read what the ring holds for them meanwhile. The fastest consumer therefore drives
 * the source, and the source's flow control holds the producer while nobody pulls. A subscription more than
 * {@code capacity} items behind the newest raises {@link Lagged} once and moves to the oldest item kept.
 *
 * <p>When the source ends or fails, its error is kept and raised to each subscription after the items still in the
 * ring for it. An interrupt of the puller is not an end: it raises in the puller's thread and another subscription
 * pulls next. Closing the last subscription runs {@code closeSource}; {@link #close()} (the source closing) ends
 * every subscription.
 */
final class Broadcast<T> {

    private final Supplier<Object> source;
    private final Function<Object, T> convert;
    private final Runnable closeSource;
    private final String function;
    private final String describe;
    private final int capacity;
    private final Object[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** How many items were taken from the source: the sequence number of the next one. */
    private long head;
    /** Whether a subscription is taking an item from the source (outside the lock). */
    private boolean pulling;
    /** The source's end or error, once it ended. */
    private RuntimeException end;
    private boolean closed;
    private int subscriptions;

    /**
     * @param source      takes the next raw item from the stream, blocking; throws at its end
     * @param convert     turns a raw item into the item type (per subscription, so each gets its own value)
     * @param closeSource closes the stream (run once the last subscription closes)
     * @param function    the stream's function, {@code ns.fn}
     * @param describe    the stream for messages: its function and the actor it comes from
     * @param capacity    how many of the latest items are kept
     */
    Broadcast(Supplier<Object> source, Function<Object, T> convert, Runnable closeSource, String function,
              String describe, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a broadcast's buffer holds at least 1 item, not " + capacity);
        }
        this.source = source;
        this.convert = convert;
        this.closeSource = closeSource;
        this.function = function;
        this.describe = describe;
        this.capacity = capacity;
        this.ring = new Object[capacity];
    }

    int capacity() {
        return capacity;
    }

    /** A new subscription that sees the items taken from the source from now on. */
    ReceiveStream<T> subscribe(int buffer) {
        if (buffer != capacity) {
            throw new IllegalArgumentException("the stream " + describe + " is broadcast with a buffer of " + capacity
                    + " items, so it cannot be subscribed to with a buffer of " + buffer);
        }
        lock.lock();
        try {
            if (closed) {
                throw closedError();
            }
            subscriptions++;
            return new Subscription(head);
        } finally {
            lock.unlock();
        }
    }

    /** The source was closed: every subscription ends, a waiting one wakes; the ring lets its items go. */
    void close() {
        lock.lock();
        try {
            closed = true;
            Arrays.fill(ring, null);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private T receive(Subscription s) {
        Object raw;
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw closedError();
                }
                if (s.closed) {
                    throw new TractorException("this subscription to the stream of " + function + " is closed");
                }
                long oldest = Math.max(0, head - capacity);
                if (s.next < oldest) {
                    long missed = oldest - s.next;
                    s.next = oldest;
                    throw new Lagged("the stream " + describe + ": this consumer lagged by " + missed + " items (buffer "
                            + capacity + "); it continues with the oldest item still buffered", missed);
                }
                if (s.next < head) {
                    raw = ring[(int) (s.next % capacity)];
                    s.next++;
                    break;
                }
                if (end != null) {
                    throw end;
                }
                if (pulling) {
                    try {
                        changed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TractorException("interrupted while receiving from " + function
                                + "; the stream stays open", e);
                    }
                    continue;
                }
                pull();
            }
        } finally {
            lock.unlock();
        }
        return convert.apply(raw);
    }

    /** With the lock held: takes the next item from the source, releasing the lock meanwhile. */
    private void pull() {
        pulling = true;
        Object item = null;
        RuntimeException failed = null;
        lock.unlock();
        try {
            item = source.get();
        } catch (RuntimeException e) {
            failed = e;
        } finally {
            lock.lock();
            pulling = false;
            changed.signalAll();
        }
        if (closed) {
            return;
        }
        if (failed != null) {
            if (Thread.currentThread().isInterrupted()) {
                // not the stream's end: the source stays open and the next puller continues
                throw failed;
            }
            end = failed;
            return;
        }
        ring[(int) (head % capacity)] = item;
        head++;
    }

    private void detach(Subscription s) {
        boolean last;
        lock.lock();
        try {
            if (s.closed) {
                return;
            }
            s.closed = true;
            subscriptions--;
            last = subscriptions == 0 && !closed;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (last) {
            closeSource.run();
        }
    }

    private TractorException closedError() {
        return new TractorException("the stream of " + function + " is closed");
    }

    /** One consumer of the broadcast; its fields are guarded by the broadcast's lock. */
    private final class Subscription implements ReceiveStream<T> {
        private long next;
        private boolean closed;

        Subscription(long next) {
            this.next = next;
        }

        @Override
        public T receive() {
            return Broadcast.this.receive(this);
        }

        @Override
        public Iterator<T> iterator() {
            return new StreamIterator<>(this::receive, function);
        }

        @Override
        public ReceiveStream<T> subscribe() {
            return Broadcast.this.subscribe(capacity);
        }

        @Override
        public ReceiveStream<T> subscribe(int buffer) {
            return Broadcast.this.subscribe(buffer);
        }

        @Override
        public void close() {
            detach(this);
        }

        @Override
        public String toString() {
            return "subscription to " + describe;
        }
    }
}
