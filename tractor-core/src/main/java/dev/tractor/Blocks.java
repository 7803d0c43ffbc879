package dev.tractor;

/** What the callback forms do when their body throws: end what the block owns, then rethrow the body's exception. */
final class Blocks {

    private Blocks() {
    }

    /**
     * Runs {@code ending} (which cancels the block's remote work and waits at most the grace period), then
     * rethrows {@code failure} with any error {@code ending} raised attached as suppressed. When {@code failure}
     * only echoes that error (it was caused by it, as a start a failed nursery refuses is), the error itself is
     * thrown instead, as trio drops the {@code Cancelled} that a nursery's own failure caused in its body.
     */
    @SuppressWarnings("unchecked")
    static <X extends Exception> RuntimeException rethrow(Throwable failure, Runnable ending) throws X {
        Throwable raised = failure;
        try {
            ending.run();
        } catch (RuntimeException e) {
            if (causedBy(failure, e)) {
                raised = e;
            } else if (e != failure) {
                failure.addSuppressed(e);
            }
        }
        if (raised instanceof RuntimeException r) {
            throw r;
        }
        if (raised instanceof Error e) {
            throw e;
        }
        throw (X) raised;
    }

    private static boolean causedBy(Throwable failure, Throwable error) {
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t == error) {
                return true;
            }
        }
        return false;
    }
}
