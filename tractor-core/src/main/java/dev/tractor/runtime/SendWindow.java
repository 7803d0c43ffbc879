package dev.tractor.runtime;

import dev.tractor.TractorException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The sending half of a stream's flow control: at most {@code window} items without credit. A send
 * blocks (interruptibly) while the window is used up; once the stream can no longer be sent on
 * (the other side closed or ended), every blocked and later send fails with the reason.
 */
final class SendWindow {

    /** The most credit a sender holds at once; more is not needed to keep any stream busy. */
    static final int MAX_CREDIT = 1 << 24;

    private final Semaphore permits;
    private volatile Supplier<? extends RuntimeException> closed;

    SendWindow(int window) {
        this.permits = new Semaphore(window);
    }

    /** Takes one permit; throws the close error if the stream is closed. */
    void acquire() throws InterruptedException {
        failIfClosed();
        permits.acquire();
        failIfClosed();
    }

    /**
     * Adds {@code n} items of credit, keeping the total at most {@link #MAX_CREDIT}: a peer's absurd grant
     * (up to 2^31-1, possibly repeated) is capped, never an error.
     */
    void credit(int n) {
        if (n > 0 && closed == null) {
            int room = MAX_CREDIT - Math.max(0, permits.availablePermits());
            if (room > 0) {
                permits.release(Math.min(n, room));
            }
        }
    }

    /** Wakes every blocked sender with a {@link TractorException} saying {@code reason}; the first close wins. */
    void close(String reason) {
        close(() -> new TractorException(reason));
    }

    /**
     * Wakes every blocked sender with the error {@code error} supplies (evaluated on the sender's thread,
     * at most once per failing send); the first close wins.
     */
    synchronized void close(Supplier<? extends RuntimeException> error) {
        if (closed == null) {
            closed = error;
            permits.release(Integer.MAX_VALUE / 2);
        }
    }

    boolean isClosed() {
        return closed != null;
    }

    private void failIfClosed() {
        Supplier<? extends RuntimeException> error = closed;
        if (error != null) {
            throw error.get();
        }
    }
}
