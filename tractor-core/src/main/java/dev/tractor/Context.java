package dev.tractor;

/**
 * The callee's side of a context call, passed as the first parameter of a context function.
 * Methods are called from the task's own thread.
 */
public interface Context {

    /** Tells the caller the task has started, with a value; allowed once, before {@link #openStream}. */
    void started(Object value);

    /**
     * Opens the context's bidirectional stream; requires {@link #started} first; at most once. Closing it sends
     * {@code stop}, so the caller's {@code receive()} ends cleanly even if the task fails afterwards (the caller
     * sees that error in {@code result()}); {@link #withStream} is the form that sends the error instead.
     */
    <T> MsgStream<T> openStream(Class<T> inType);

    /**
     * Runs {@code body} with the context's stream — the analog of tractor's {@code async with ctx.open_stream()}.
     * When the body returns, the stream is closed ({@code stop} is sent) and the body's value returned. When it
     * throws, no {@code stop} is sent: the task's error reaches the caller's {@code receive()} in its place, once
     * the task has ended with it.
     */
    default <T, R, X extends Exception> R withStream(Class<T> inType, StreamBody<T, R, X> body) throws X {
        MsgStream<T> stream = openStream(inType);
        R value = body.run(stream); // left open on an exception: the task's end sends its error rather than stop
        stream.close();
        return value;
    }

    /** The calling actor. */
    ActorUid caller();

    /** The call id. */
    String cid();

    /** Whether the task has been cancelled. */
    boolean isCancelled();
}
