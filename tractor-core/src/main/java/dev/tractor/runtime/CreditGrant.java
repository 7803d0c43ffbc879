package dev.tractor.runtime;

import dev.tractor.wire.Credit;

/**
 * The receiving half of flow control: grants the sender credit for consumed items, in batches of half
 * the window, and at once whenever the consumer is about to wait (so a sender with a smaller window
 * than ours never stalls). Used by one consumer at a time.
 */
final class CreditGrant {

    private final Peer peer;
    private final String cid;
    private final int batch;
    private int consumed;

    CreditGrant(Peer peer, String cid, int window) {
        this.peer = peer;
        this.cid = cid;
        this.batch = Math.max(1, window / 2);
    }

    /** One item was handed to the application; {@code more} says whether another is already queued. */
    synchronized void consumed(boolean more) {
        consumed++;
        if (consumed >= batch || !more) {
            flush();
        }
    }

    synchronized void flush() {
        if (consumed > 0 && peer.isOpen()) {
            peer.send(new Credit(cid, consumed));
        }
        consumed = 0;
    }
}
