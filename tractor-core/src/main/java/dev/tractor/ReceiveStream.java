package dev.tractor;

/**
 * The receiving side of a stream of items from another actor. One consumer at a time; items arrive in
 * order, exactly once. {@link #receive()} blocks; an interrupt raises in the waiting thread but leaves
 * the stream open, so a successor continues with the next item. Closing the stream is what cancels a
 * producer that has not finished. Iteration ends after the sender's {@code stop}.
 */
public interface ReceiveStream<T> extends Iterable<T>, AutoCloseable {

    /** The next item; throws {@link EndOfStream} once the sender sent stop, {@link RemoteActorError} if it failed. */
    T receive();

    /** Closes this side; cancels the producer if it has not finished. Idempotent. */
    @Override
    void close();
}
