package dev.tractor;

import java.util.Map;

/**
 * A handle to call another actor. Every call is a plain blocking call on the calling thread; an
 * interrupt of that thread cancels the remote task and raises {@link TractorException} with the
 * interrupt flag set again. Thread-safe: many threads may call through one portal at once.
 * Remote failures raise {@link RemoteActorError} (the remote type, message and trace); a peer
 * that goes away raises {@link ActorDied}.
 */
public interface Portal {

    /** The identity of the actor behind this portal. */
    ActorUid uid();

    /** Calls a plain function and returns its (msgpack-mapped) result. */
    Object run(String ns, String fn, Map<String, ?> kwargs);

    /** Calls a plain function and converts its result to {@code resultType}. */
    <T> T run(String ns, String fn, Map<String, ?> kwargs, Class<T> resultType);

    /**
     * Calls a plain function under a deadline of {@code timeout} ({@link Tractor#deadline}): past it the remote task
     * (and every call it made) is cancelled and {@link DeadlineExceeded} raised. An enclosing deadline that comes
     * first still applies.
     */
    default Object run(String ns, String fn, Map<String, ?> kwargs, java.time.Duration timeout) {
        return Tractor.deadline(timeout, () -> run(ns, fn, kwargs));
    }

    /** As {@link #run(String, String, Map, java.time.Duration)}, converting the result to {@code resultType}. */
    default <T> T run(String ns, String fn, Map<String, ?> kwargs, Class<T> resultType, java.time.Duration timeout) {
        return Tractor.deadline(timeout, () -> run(ns, fn, kwargs, resultType));
    }

    /** Opens the stream of a streaming function; closing it cancels the producer if it has not finished. */
    <T> ReceiveStream<T> openStreamFrom(String ns, String fn, Map<String, ?> kwargs, Class<T> itemType);

    /**
     * Opens a context function; returns once the remote task has answered. In a try-with-resources block, take
     * {@link ContextHandle#result()} before the block ends: a block that did not has the remote task cancelled by
     * {@code close()} (which cannot tell whether the block ended by an exception). {@link #withContext} is the form
     * that sees the block's exception.
     */
    ContextHandle openContext(String ns, String fn, Map<String, ?> kwargs);

    /**
     * Runs {@code body} with a context of {@code ns.fn} and the value its callee passed to {@code ctx.started} — the
     * analog of tractor's {@code async with portal.open_context(...) as (ctx, first)}. When the body returns, this
     * waits for the remote task's result (raising its error), then returns the body's value. When the body throws,
     * the remote task is cancelled and awaited for at most the grace period, and the body's exception is rethrown
     * with the remote task's own error, if it failed by itself, attached as suppressed. An interrupt while waiting
     * cancels the remote task as every call does.
     */
    default <R, X extends Exception> R withContext(String ns, String fn, Map<String, ?> kwargs, ContextBody<R, X> body)
            throws X {
        ContextHandle ctx = openContext(ns, fn, kwargs);
        R value;
        try {
            value = body.run(ctx, ctx.started());
        } catch (Exception | Error failure) {
            throw Blocks.<X>rethrow(failure, ctx::close);
        }
        try {
            ctx.result();
        } finally {
            ctx.close();
        }
        return value;
    }

    /** A {@code runInActor} child's return value, waiting for it; its error is re-raised. */
    Object result();

    /** As {@link #result()}, converted to {@code type}. */
    <T> T result(Class<T> type);

    /** Cancels the whole actor: graceful request, then (for a child) a kill after the grace period. Blocks until done. */
    void cancelActor();

    /**
     * A proxy implementing an {@link ActorNamespace}-annotated interface: each method call is a remote
     * {@code run} of the method of the same name in that namespace, arguments bound by parameter name.
     */
    <T> T proxy(Class<T> api);

    /** Calls a method reference, e.g. {@code portal.run(Calc::square, 7)}. */
    default <T, A, R> R run(RemoteFunction1<T, A, R> fn, A a) {
        return RemoteCall.of(fn, a).invoke(this);
    }

    /** Calls a method reference taking no arguments. */
    default <T, R> R run(RemoteFunction0<T, R> fn) {
        return RemoteCall.of(fn).invoke(this);
    }

    /** Calls a method reference taking two arguments. */
    default <T, A, B, R> R run(RemoteFunction2<T, A, B, R> fn, A a, B b) {
        return RemoteCall.of(fn, a, b).invoke(this);
    }

    /** Calls a method reference taking three arguments. */
    default <T, A, B, C, R> R run(RemoteFunction3<T, A, B, C, R> fn, A a, B b, C c) {
        return RemoteCall.of(fn, a, b, c).invoke(this);
    }
}
