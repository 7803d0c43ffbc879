package dev.tractor;

/** What the callback forms do when their body throws: end what the block owns, then rethrow the body's exception. */
final class Blocks {

    private Blocks() {
    }

    /**
     * Runs {@code ending} (which cancels the block's remote work and waits at most the grace period), attaching
     * any error it raises to {@code failure} as suppressed, then rethrows {@code failure}.
     */
    @SuppressWarnings("unchecked")
    static <X extends Exception> RuntimeException rethrow(Throwable failure, Runnable ending) throws X {
        try {
            ending.run();
        } catch (RuntimeException e) {
            if (e != failure) {
                failure.addSuppressed(e);
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw (X) failure;
    }
}
