package dev.tractor;

import java.util.List;
import java.util.Map;

/**
 * A scope that owns child actors (child processes). Nothing it starts outlives it:
 * {@link #close()} waits for every {@code runInActor} result, then cancels the daemon actors still
 * running (gracefully, then by killing the process after the grace period) and waits until every
 * child process has exited. When a {@code runInActor} child fails, the nursery cancels all its other
 * children (one-cancels-all) and {@code close()} throws that child's error, further errors attached as
 * suppressed. A nursery opened with a restarting {@link Supervision} restarts failed children instead, as its
 * {@link RestartStrategy} and each child's {@link RestartPolicy} say, and gives up with {@link SupervisorGaveUp}
 * when its restart limit is exceeded. Methods may be called from any thread; each start blocks until the child has connected
 * back and completed the handshake, or fails with {@link ActorStartFailed}.
 */
public interface ActorNursery extends AutoCloseable {

    /** Starts a daemon actor: it lives until cancelled. */
    Portal startActor(String name);

    /** Starts a daemon actor with per-child options. */
    Portal startActor(String name, ActorOptions options);

    /** Starts an actor that runs one task, keeps its result for {@link Portal#result()}, then exits. */
    Portal runInActor(String name, String ns, String fn, Map<String, ?> kwargs);

    /** As {@link #runInActor(String, String, String, Map)}, with per-child options. */
    Portal runInActor(String name, String ns, String fn, Map<String, ?> kwargs, ActorOptions options);

    /** {@code runInActor} with a method reference instead of strings: {@code n.runInActor("once", Calc::square, 3)}. */
    default <T, A, R> Portal runInActor(String name, RemoteFunction1<T, A, R> fn, A a) {
        RemoteCall call = RemoteCall.of(fn, a);
        return runInActor(name, call.ns(), call.fn(), call.kwargs());
    }

    /** {@code runInActor} with a method reference taking no arguments. */
    default <T, R> Portal runInActor(String name, RemoteFunction0<T, R> fn) {
        RemoteCall call = RemoteCall.of(fn);
        return runInActor(name, call.ns(), call.fn(), call.kwargs());
    }

    /** {@code runInActor} with a method reference taking two arguments. */
    default <T, A, B, R> Portal runInActor(String name, RemoteFunction2<T, A, B, R> fn, A a, B b) {
        RemoteCall call = RemoteCall.of(fn, a, b);
        return runInActor(name, call.ns(), call.fn(), call.kwargs());
    }

    /**
     * A portal to the child called {@code name} that follows it across restarts: each call goes to its current
     * incarnation, waiting (bounded) while a supervising nursery restarts it. A call in flight when an incarnation
     * dies raises {@link ActorDied}; calls are never repeated on their own. Without restarts, the child's portal.
     *
     * @throws TractorException if this nursery has no child of that name
     */
    default Portal byName(String name) {
        return children().stream().filter(p -> p.uid().name().equals(name)).findFirst()
                .orElseThrow(() -> new TractorException("this nursery has no child named '" + name + "'"));
    }

    /** How this nursery supervises its children. */
    default Supervision supervision() {
        return Supervision.oneCancelsAll();
    }

    /** The portals of the children started so far and not yet ended. */
    List<Portal> children();

    /** Cancels every child: a graceful {@code cancel} request, then a kill after the grace period. Blocks until all have exited. */
    void cancel();

    /** Waits for results, cancels remaining daemons, waits for every child to exit; throws the first child error. */
    @Override
    void close();
}
