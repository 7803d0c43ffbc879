package dev.tractor;

import java.time.Duration;

import java.util.ServiceLoader;

/**
 * Entry points: open this process's root actor, and find the actor the current code runs in.
 * A root installs a JVM shutdown hook, so SIGTERM or Ctrl-C cancels its whole tree before the JVM exits.
 */
public final class Tractor {

    private static final RuntimeProvider RUNTIME = ServiceLoader.load(RuntimeProvider.class,
            Tractor.class.getClassLoader()).findFirst().orElseThrow(() -> new IllegalStateException(
                    "no " + RuntimeProvider.class.getName() + " on the class path: add tractor-core"));

    private Tractor() {
    }

    /** Opens a root actor listening on an ephemeral port of {@code config.bindHost()}. */
    public static ActorRuntime openRoot(TractorConfig config) {
        return RUNTIME.openRoot(config);
    }

    /** The actor the calling code runs in: inside an actor function its actor, else this process's root. */
    public static ActorRuntime current() {
        return RUNTIME.current();
    }

    /**
     * Inside an actor function: a portal to the actor that called it, over the same connection (both
     * sides of a connection may call each other). Outside an actor function it throws {@link TractorException}.
     */
    public static Portal caller() {
        return RUNTIME.caller();
    }

    /**
     * Runs {@code body} under a deadline — trio's {@code fail_after}. Every call, context, stream and nursery the
     * body blocks on is cancelled when {@code timeout} has passed, and the deadline travels with every call made
     * inside it, so the callees' tasks and the calls they make in turn run under what is left of it. When it passes,
     * the remote tasks are cancelled and this raises {@link DeadlineExceeded} naming the call, the actor and the
     * deadline. Deadlines nest: an inner one never outlasts the outer one. Blocks at most until the deadline plus the
     * time cancelled work takes to answer its cancel.
     */
    public static <R, X extends Exception> R deadline(Duration timeout, ScopeBody<R, X> body) throws X {
        try (CancelScope scope = CancelScope.open(java.util.Objects.requireNonNull(timeout, "timeout"))) {
            try {
                return body.run();
            } catch (Exception e) {
                if (scope.deadlinePassed() && scope.caught(e)) {
                    throw e instanceof DeadlineExceeded d ? d : new DeadlineExceeded("the deadline of " + timeout
                            + " passed: " + e, timeout, e);
                }
                throw e;
            }
        }
    }

    /**
     * Runs {@code body} under a deadline, as {@link #deadline} does, but returns empty instead of raising when it
     * passes — trio's {@code move_on_after}.
     */
    public static <R, X extends Exception> java.util.Optional<R> moveOnAfter(Duration timeout, ScopeBody<R, X> body)
            throws X {
        try {
            return java.util.Optional.ofNullable(deadline(timeout, body));
        } catch (DeadlineExceeded e) {
            if (e.deadline().equals(timeout)) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }
}
