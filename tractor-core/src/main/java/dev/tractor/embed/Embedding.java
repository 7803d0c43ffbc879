package dev.tractor.embed;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorConfig;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens actors for an embedding framework. Both methods block until the actor serves (a child: until it has
 * connected back to its parent) and throw {@link dev.tractor.TractorException} if it cannot, having released
 * everything it opened. The returned runtime is closed by {@link ActorRuntime#close()}; a child also closes when
 * its parent cancels it or goes away ({@link ActorRuntime#awaitClosed()} returns then).
 */
public final class Embedding {

    private static final EmbeddingProvider PROVIDER = ServiceLoader.load(EmbeddingProvider.class,
            Embedding.class.getClassLoader()).findFirst().orElseThrow(() -> new IllegalStateException(
                    "no " + EmbeddingProvider.class.getName() + " on the class path: add tractor-core"));

    private Embedding() {
    }

    /** Opens this process's root actor, as {@link dev.tractor.Tractor#openRoot} does, with {@code setup}. */
    public static ActorRuntime openRoot(TractorConfig config, RuntimeSetup setup) {
        return PROVIDER.openRoot(config, setup);
    }

    /**
     * Opens the child actor {@code uid} that a parent at {@code parent} spawned, and connects back to it. The
     * configuration (cookie included) is the one the parent passed to the child process
     * ({@link dev.tractor.spawn.ChildEnvironment#read}).
     */
    public static ActorRuntime openChild(TractorConfig config, ActorUid uid, Address parent, RuntimeSetup setup) {
        return PROVIDER.openChild(config, uid, parent, setup);
    }

    /**
     * Runs the paths a new actor takes first (the message codec, a loopback handshake) so that they are loaded and
     * compiled: for a pooled child JVM while it waits to be claimed. Never fails; takes a few hundred milliseconds.
     */
    public static void warmUp() {
        PROVIDER.warmUp();
    }

    /**
     * The functions {@code source} exposes, sorted by qualified name, checked as an actor would check them.
     *
     * @throws dev.tractor.TractorException naming the function that cannot be exposed
     */
    public static List<FunctionInfo> describe(FunctionSource source) {
        return PROVIDER.describe(source);
    }
}
