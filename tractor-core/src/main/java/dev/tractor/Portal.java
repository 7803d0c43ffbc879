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

    /** Opens the stream of a streaming function; closing it cancels the producer if it has not finished. */
    <T> ReceiveStream<T> openStreamFrom(String ns, String fn, Map<String, ?> kwargs, Class<T> itemType);

    /** Opens a context function; returns once the remote task has answered. */
    ContextHandle openContext(String ns, String fn, Map<String, ?> kwargs);

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
