package dev.tractor;

import dev.tractor.runtime.Actor;
import dev.tractor.spawn.JvmSpawnBackend;

/**
 * Entry points: open this process's root actor, and find the actor the current code runs in.
 * A root installs a JVM shutdown hook, so SIGTERM or Ctrl-C cancels its whole tree before the JVM exits.
 */
public final class Tractor {

    private Tractor() {
    }

    /** Opens a root actor listening on an ephemeral port of {@code config.bindHost()}. */
    public static ActorRuntime openRoot(TractorConfig config) {
        return Actor.openRoot(config, new JvmSpawnBackend(), registry -> { });
    }

    /** The actor the calling code runs in: inside an actor function its actor, else this process's root. */
    public static ActorRuntime current() {
        return Actor.current();
    }

    /**
     * Inside an actor function: a portal to the actor that called it, over the same connection (both
     * sides of a connection may call each other). Outside an actor function it throws {@link TractorException}.
     */
    public static Portal caller() {
        return Actor.callerPortal();
    }
}
