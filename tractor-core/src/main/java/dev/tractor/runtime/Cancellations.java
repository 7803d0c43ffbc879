package dev.tractor.runtime;

import dev.tractor.ContextCancelled;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;

/** Tells a failure a cancel caused (an interrupt at work) from a real error that a cancel must not mask. */
final class Cancellations {

    private Cancellations() {
    }

    /** Whether {@code failure}, or a cause of it, is an interrupt, a cancellation, or a cancelled remote call. */
    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException
                    || t instanceof CancellationException || t instanceof ContextCancelled
                    || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
                return true;
            }
        }
        return false;
    }
}
