package dev.tractor.runtime;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An unbounded queue of incoming messages that consumers wait on. Adding never blocks. {@link #add} wakes a
 * waiting consumer at once; {@link #addQuietly} leaves the wake-up to a later {@link #wake()}, so the event
 * loop can hand over everything one read brought with a single wake-up rather than one per message.
 * Adding costs the producer no lock while no consumer waits. A consumer that finds the queue empty
 * announces itself before checking once more and parking, and a producer checks for waiting consumers after
 * adding, so a wake-up is never lost.
 */
final class Inbox {

    private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    /** Consumers inside {@link #take} or {@link #poll(long)}; changed only under {@link #lock}. */
    private volatile int waiting;
    /** Set by the event loop while this inbox waits in its peer's list of inboxes to wake after the read. */
    private boolean wakeDue;

    void add(Object item) {
        items.offer(item);
        wake();
    }

    /** Adds without waking a waiting consumer: the caller must call {@link #wake()} soon after. */
    void addQuietly(Object item) {
        items.offer(item);
    }

    /** Wakes the consumers waiting, if any. */
    void wake() {
        if (waiting > 0) {
            lock.lock();
            try {
                nonEmpty.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** On the event loop: whether a wake-up is to be queued (false if one already is). */
    boolean markWakeDue() {
        if (wakeDue) {
            return false;
        }
        wakeDue = true;
        return true;
    }

    /** On the event loop, at the end of the read: wakes the consumers waiting for what was added quietly. */
    void wakeAfterRead() {
        wakeDue = false;
        wake();
    }

    Object poll() {
        return items.poll();
    }

    /** The next item if one comes within {@code nanos}, else null; an interrupt raises and takes nothing. */
    Object poll(long nanos) throws InterruptedException {
        Object item = items.poll();
        if (item != null || nanos <= 0) {
            return item;
        }
        lock.lockInterruptibly();
        try {
            waiting++;
            try {
                long left = nanos;
                while ((item = items.poll()) == null && left > 0) {
                    left = nonEmpty.awaitNanos(left);
                }
                return item;
            } finally {
                waiting--;
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** The next item, waiting for one; an interrupt raises {@link InterruptedException} and takes nothing. */
    Object take() throws InterruptedException {
        Object item = items.poll();
        if (item != null) {
            return item;
        }
        lock.lockInterruptibly();
        try {
            waiting++;
            try {
                while ((item = items.poll()) == null) {
                    nonEmpty.await();
                }
                return item;
            } finally {
                waiting--;
            }
        } finally {
            lock.unlock();
        }
    }
}
