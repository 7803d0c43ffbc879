package dev.tractor;

/**
 * Raised by {@code receive()} on a subscription of a broadcast stream ({@link ReceiveStream#subscribe()}) whose
 * consumer fell further behind the fastest consumer than the broadcast's buffer holds: {@link #missed()} items it
 * never saw were dropped for it, and it alone (the other consumers were not held back and lost nothing). The
 * subscription stays open: the next {@code receive()} continues with the oldest item still buffered, as tokio's
 * {@code broadcast::Receiver} does after {@code RecvError::Lagged(n)}. The message names the stream's function and
 * the actor it comes from.
 */
public class Lagged extends TractorException {

    private final long missed;

    public Lagged(String message, long missed) {
        super(message);
        this.missed = missed;
    }

    /** How many items this consumer skipped: the ones between the last it received and the oldest still buffered. */
    public long missed() {
        return missed;
    }
}
