package dev.tractor.runtime;

import dev.tractor.TractorException;
import java.util.concurrent.Semaphore;

/**
 * The sending half of a stream's flow control: at most {@code window} items without credit. A send
 * blocks (interruptibly) while the window is used up; once the stream can no longer be sent on
 * (the other side closed or ended), every blocked and later send fails with the reason.
 */
final class SendWindow {

    private final Semaphore permits;
    private volatile String closedReason;

    SendWindow(int window) {
        this.permits = new Semaphore(window);
    }

    /** Takes one permit; throws the close reason if the stream is closed. */
    void acquire() throws InterruptedException {
        failIfClosed();
        permits.acquire();
        failIfClosed();
    }

    void credit(int n) {
        if (n > 0 && closedReason == null) {
            permits.release(n);
        }
    }

    /** Wakes every blocked sender with {@code reason}; the first reason wins. */
    void close(String reason) {
        if (closedReason == null) {
            closedReason = reason;
            permits.release(Integer.MAX_VALUE / 2);
        }
    }

    boolean isClosed() {
        return closedReason != null;
    }

    private void failIfClosed() {
        String reason = closedReason;
        if (reason != null) {
            throw new TractorException(reason);
        }
    }
}
