package dev.tractor;

/**
 * The callee's side of a context call, passed as the first parameter of a context function.
 * Methods are called from the task's own thread.
 */
public interface Context {

    /** Tells the caller the task has started, with a value; allowed once, before {@link #openStream}. */
    void started(Object value);

    /** Opens the context's bidirectional stream; requires {@link #started} first; at most once. */
    <T> MsgStream<T> openStream(Class<T> inType);

    /** The calling actor. */
    ActorUid caller();

    /** The call id. */
    String cid();

    /** Whether the task has been cancelled. */
    boolean isCancelled();
}
