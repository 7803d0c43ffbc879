package dev.tractor.runtime;

import dev.tractor.wire.Credit;
import java.util.Collection;
import java.util.Map;

/**
 * The receiving half of flow control: grants the sender credit for consumed items, in batches of half the
 * configured window, and at once whenever the consumer is about to wait (so a sender with a smaller window
 * than ours never stalls).
 *
 * <p>The window widens while the consumer keeps up: each time it has drained everything that arrived after
 * consuming at least as many items as the window it has granted, the window doubles (by extra credit), up to
 * 16 times the configured window and, while widening, to about 4 MiB of queued items (estimated from the
 * largest item seen). A consumer that falls behind never drains its queue, so its producer stays held at the
 * window it has; the window never narrows again, so a consumer that kept up once and falls behind later
 * holds its producer at the widened window. Used by one consumer at a time; {@link #admit} enforces the credit
 * on the event loop.
 */
final class CreditGrant {

    /** How far the window may widen, as a multiple of the configured window. */
    static final int GROWTH_LIMIT = 16;
    /** About how many bytes of queued items the widening allows at most. */
    static final long BUFFER_BYTES = 4L << 20;

    private final Peer peer;
    private final String cid;
    private final int window;
    private final int batch;
    private int granted;
    private long consumedTotal;
    private long largestItem;
    private int consumed;
    private int extra;
    /** All the credit ever granted, the first window included; read by the event loop. */
    private volatile long allowed;
    /** Items the peer has sent; used by the event loop only. */
    private long received;

    CreditGrant(Peer peer, String cid, int window) {
        this.peer = peer;
        this.cid = cid;
        this.window = window;
        this.granted = window;
        this.batch = Math.max(1, window / 2);
        this.allowed = window;
    }

    /** On the event loop: whether the peer has used all the credit granted so far (its sender now waits). */
    boolean exhausted() {
        return received >= allowed;
    }

    /** On the event loop, for each item that arrives: false if it is beyond the credit granted so far. */
    boolean admit() {
        return ++received <= allowed;
    }

    /** {@code item} was handed to the application; {@code more} says whether another is already queued. */
    synchronized void consumed(Object item, boolean more) {
        consumedTotal++;
        largestItem = Math.max(largestItem, estimatedBytes(item));
        if (!more) {
            widen();
        }
        count(more);
    }

    /** An item was dropped unread (the stream is closed here); {@code more} as for {@link #consumed}. */
    synchronized void discarded(boolean more) {
        count(more);
    }

    /** Counts one item for credit, granted in batches and whenever nothing more is queued. */
    private void count(boolean more) {
        consumed++;
        if (consumed >= batch || !more) {
            flush();
        }
    }

    synchronized void flush() {
        int n = consumed + extra;
        if (n > 0 && peer.isOpen()) {
            allowed += n; // counted before the peer can see it, so an item sent on it is always admitted
            peer.send(new Credit(cid, n));
        }
        consumed = 0;
        extra = 0;
    }

    private void widen() {
        if (consumedTotal < granted) {
            return;
        }
        long limit = Math.min((long) window * GROWTH_LIMIT, BUFFER_BYTES / largestItem);
        int target = (int) Math.min(limit, 2L * granted);
        if (target > granted) {
            extra += target - granted;
            granted = target;
        }
    }

    /** A rough size of a queued item: the value, its message and its queue entry. */
    static long estimatedBytes(Object item) {
        long overhead = 64;
        return overhead + switch (item) {
            case null -> 0;
            case Number n -> 16;
            case Boolean b -> 16;
            case String s -> 40 + s.length();
            case byte[] b -> 16 + b.length;
            case Collection<?> c -> 64 + 64L * c.size();
            case Map<?, ?> m -> 64 + 128L * m.size();
            default -> 1024;
        };
    }
}
