package dev.tractor;

import java.time.Duration;
import java.util.Optional;

/**
 * This process's actor: its identity, its listener, its nurseries of child actors and its connections
 * to other actors. Thread-safe. {@link #close()} cancels everything the actor owns (tasks, nurseries,
 * child processes) and waits for it; after close, every method throws {@link TractorException}.
 */
public interface ActorRuntime extends AutoCloseable {

    /** This actor's identity. */
    ActorUid uid();

    /** Where this actor listens. */
    Address address();

    /** Whether this actor serves the registry of actors for its host. */
    boolean isRegistrar();

    /** Opens a nursery for child actors. The nursery must be closed, which waits for its children. */
    ActorNursery openNursery();

    /**
     * Opens a nursery that supervises its children as {@code supervision} says: with a restarting strategy, a child
     * that fails is restarted (a new process and uuid under the same name) instead of cancelling its siblings. Like
     * every nursery it must be closed, which cancels and reaps every child; {@code close()} raises
     * {@link SupervisorGaveUp} if the supervisor gave up.
     */
    ActorNursery openNursery(Supervision supervision);

    /**
     * {@link #withNursery(NurseryBody)} with a nursery that supervises as {@code supervision} says. When the body
     * throws, every child is cancelled and none restarted.
     */
    default <R, X extends Exception> R withNursery(Supervision supervision, NurseryBody<R, X> body) throws X {
        return inNursery(openNursery(supervision), body);
    }

    /**
     * A portal to the service actor called {@code name}, started with {@link ServiceSpec#DEFAULTS} unless one is
     * running — get-or-create, as tractor's {@code maybe_open_context} and Ray's {@code get_if_exists}.
     *
     * @see #service(String, ServiceSpec)
     */
    default Portal service(String name) {
        return service(name, ServiceSpec.DEFAULTS);
    }

    /**
     * A portal to the service actor called {@code name}: the one this actor runs, else one registered under that name
     * by another actor of the tree, else a new one this actor starts as {@code spec} says and supervises until it is
     * cancelled ({@link #cancelService}) or this actor closes. Within one actor, concurrent callers start it once.
     * The portal follows the service across restarts: each call goes to its current incarnation (for a service of
     * another actor, found again in the registry once the one it reached has gone), waiting a bounded time while it
     * restarts. Blocks while the service starts.
     *
     * @throws ActorStartFailed if it must be started and does not come up
     */
    Portal service(String name, ServiceSpec spec);

    /**
     * Cancels the service {@code name} this actor runs — every replica, gracefully then by force — and waits for it.
     * Returns false if this actor runs no service of that name.
     */
    boolean cancelService(String name);

    /** The names of the services this actor runs now. */
    java.util.Set<String> services();

    /**
     * Starts {@code size} workers called {@code name-1} to {@code name-N} at once (from the warm pool when there is
     * one), supervised one-for-one with the default limit. The pool must be closed.
     */
    default WorkerPool openWorkerPool(String name, int size) {
        return openWorkerPool(name, size, ActorOptions.DEFAULTS, Supervision.oneForOne());
    }

    /** As {@link #openWorkerPool(String, int)}, with options for each worker and the pool's supervision. */
    WorkerPool openWorkerPool(String name, int size, ActorOptions options, Supervision supervision);

    /**
     * A snapshot of this actor: identity, process, address, uptime, the calls it serves, its children, its message
     * counters. Never blocks on another actor.
     */
    ActorStatus status();

    /**
     * Runs {@code body} with a new nursery — the analog of tractor's {@code async with open_nursery() as n}. When the
     * body returns, the nursery is closed as {@link ActorNursery#close()} does (waiting for every {@code runInActor}
     * result and every daemon) and the body's value returned. When the body throws, every child is cancelled
     * (gracefully, then killed after the grace period) and reaped, and the body's exception is rethrown with the
     * children's own errors attached as suppressed: the block never waits for children's results after its body
     * failed.
     */
    default <R, X extends Exception> R withNursery(NurseryBody<R, X> body) throws X {
        return inNursery(openNursery(), body);
    }

    private static <R, X extends Exception> R inNursery(ActorNursery nursery, NurseryBody<R, X> body) throws X {
        R value;
        try {
            value = body.run(nursery);
        } catch (Exception | Error failure) {
            throw Blocks.<X>rethrow(failure, () -> {
                try {
                    nursery.cancel();
                } finally {
                    nursery.close();
                }
            });
        }
        nursery.close();
        return value;
    }

    /** A portal to an actor registered under {@code name}, or empty if none is registered now. */
    Optional<Portal> findActor(String name);

    /** Blocks until an actor registers under {@code name}, at most {@code timeout}; interruptible. */
    Portal waitForActor(String name, Duration timeout);

    /**
     * A portal to this actor's live child called {@code name}, started by any of its nurseries, or empty if it has
     * none (not yet started, exited, or reaped). Does not block.
     */
    Optional<Portal> child(String name);

    /** Connects to the actor listening at {@code address} (handshake included) and returns its portal. */
    Portal connect(Address address);

    /**
     * Blocks until this actor has closed: by {@link #close()}, by its parent cancelling it, or (a child) by its
     * parent going away. Returns at once if it has. An interrupt is kept (the thread's flag is set again) and the
     * wait goes on, so the actor's end is never missed.
     */
    void awaitClosed();

    /** Cancels every task, nursery and child this actor owns and waits for them; idempotent. */
    @Override
    void close();
}
