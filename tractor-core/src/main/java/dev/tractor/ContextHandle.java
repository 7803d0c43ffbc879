package dev.tractor;

/**
 * The caller's side of a context: a remote task linked to this one. {@link #close()} waits for the
 * remote result; {@link #cancel()} cancels the remote task, after which {@link #result()} throws
 * {@link ContextCancelled}.
 */
public interface ContextHandle extends AutoCloseable {

    /** The value the callee passed to {@code ctx.started}; blocks until it arrives. */
    Object started();

    /** As {@link #started()}, converted to {@code type}. */
    <T> T started(Class<T> type);

    /** Opens the context's bidirectional stream; a context has at most one. */
    <T> MsgStream<T> openStream(Class<T> inType);

    /** The remote task's return value, waiting for it; its error is re-raised. */
    Object result();

    /** As {@link #result()}, converted to {@code type}. */
    <T> T result(Class<T> type);

    /** Cancels the remote task. */
    void cancel();

    /** Waits for the remote result. */
    @Override
    void close();
}
