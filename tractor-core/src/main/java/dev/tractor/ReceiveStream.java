package dev.tractor;

/**
 * The receiving side of a stream of items from another actor. One consumer at a time; items arrive in
 * order, exactly once. {@link #receive()} blocks; an interrupt raises in the waiting thread but leaves
 * the stream open, so a successor continues with the next item. Closing the stream is what cancels a
 * producer that has not finished. Iteration ends after the sender's {@code stop}.
 *
 * <p>For several local consumers, {@link #subscribe()} turns the stream into a broadcast: each subscription
 * sees every item received from its subscription on, and a consumer that falls behind gets {@link Lagged}
 * rather than holding the others back.
 */
public interface ReceiveStream<T> extends Iterable<T>, AutoCloseable {

    /** The next item; throws {@link EndOfStream} once the sender sent stop, {@link RemoteActorError} if it failed. */
    T receive();

    /** Closes this side; cancels the producer if it has not finished. Idempotent. */
    @Override
    void close();

    /**
     * A new local consumer of this stream, with a broadcast buffer of 1024 items (or the buffer the stream's
     * broadcast already has); see {@link #subscribe(int)}.
     */
    default ReceiveStream<T> subscribe() {
        return subscribe(1024);
    }

    /**
     * A new local consumer of this stream (tractor's {@code MsgStream.subscribe()}): it sees every item received
     * from its subscription on, in order, exactly once, unless it lags. The first call turns the stream into a
     * broadcast whose ring buffer holds the last {@code buffer} items; a stream has one broadcast, so a later call
     * must ask for the same buffer (or use {@link #subscribe()}).
     *
     * <ul>
     *   <li><b>No extra thread, flow control kept.</b> A consumer that wants an item nobody has received yet pulls
     *   it from the stream itself (one at a time; the others wait for it). The fastest consumer thus drives the
     *   remote producer, which stays under the stream's credit window: while no consumer reads, it is held there.
     *   <li><b>A slow consumer holds nobody back.</b> One that falls more than {@code buffer} items behind the
     *   fastest has its next {@code receive()} raise {@link Lagged} with the number of items it missed; the
     *   receive after that continues with the oldest item still buffered. Nothing is lost silently.
     *   <li><b>End and failure.</b> When the stream ends ({@link EndOfStream}) or fails ({@link RemoteActorError},
     *   {@link ActorDied}, ...), each subscription first receives the items still buffered for it, then the same
     *   end or error, as often as it asks.
     *   <li><b>Blocking and interrupts</b> as for a stream: {@code receive()} blocks; an interrupt raises in the
     *   waiting thread (a {@link TractorException} saying the stream stays open) and leaves the subscription and
     *   the stream open.
     *   <li><b>Closing.</b> Closing a subscription detaches it (a receive blocked on it in another thread raises,
     *   at the latest once the next item arrives); closing the last subscription closes this stream, which cancels
     *   the producer if it has not finished. Closing this stream closes every subscription.
     *   <li><b>This handle</b> no longer receives: after the first {@code subscribe}, its {@code receive()} and
     *   iteration raise {@link IllegalStateException}; a {@link MsgStream}'s {@code send} keeps working.
     * </ul>
     *
     * <p>The runtime's streams implement this; the default implementation, for other implementations of this
     * interface, raises {@link UnsupportedOperationException}.
     *
     * @param buffer how many of the latest items the broadcast keeps for consumers that are behind (at least 1)
     * @throws IllegalArgumentException if {@code buffer} is below 1 or differs from the broadcast's buffer
     * @throws TractorException if the stream is closed
     */
    default ReceiveStream<T> subscribe(int buffer) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support subscribe()");
    }
}
