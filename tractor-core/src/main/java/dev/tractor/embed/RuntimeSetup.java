package dev.tractor.embed;

import dev.tractor.observe.RuntimeListener;
import dev.tractor.spawn.JvmSpawnBackend;
import dev.tractor.spawn.SpawnBackend;
import java.util.List;
import java.util.Objects;

/**
 * What an embedding framework supplies when it opens an actor, beside its {@link dev.tractor.TractorConfig}.
 * Immutable; start from {@link #defaults()} and change what differs.
 *
 * @param functions          registers the functions the actor exposes beyond its configured modules
 * @param spawnBackend       starts the actor's child processes
 * @param listeners          told about the actor's spawns, exits, calls and stream items from the moment it opens
 * @param closeOnJvmShutdown whether a root installs a JVM shutdown hook that closes it (a framework with a
 *                           lifecycle of its own turns this off and closes the actor itself); children always
 *                           close when their parent goes away
 */
public record RuntimeSetup(FunctionSource functions, SpawnBackend spawnBackend, List<RuntimeListener> listeners,
                           boolean closeOnJvmShutdown) {

    public RuntimeSetup {
        Objects.requireNonNull(functions, "functions");
        Objects.requireNonNull(spawnBackend, "spawnBackend");
        listeners = List.copyOf(listeners);
    }

    /** What {@link dev.tractor.Tractor#openRoot} uses: no extra functions, plain child JVMs, no listeners, a hook. */
    public static RuntimeSetup defaults() {
        return new RuntimeSetup(FunctionSource.NONE, new JvmSpawnBackend(), List.of(), true);
    }

    public RuntimeSetup withFunctions(FunctionSource source) {
        return new RuntimeSetup(source, spawnBackend, listeners, closeOnJvmShutdown);
    }

    public RuntimeSetup withSpawnBackend(SpawnBackend backend) {
        return new RuntimeSetup(functions, backend, listeners, closeOnJvmShutdown);
    }

    public RuntimeSetup withListeners(List<RuntimeListener> added) {
        return new RuntimeSetup(functions, spawnBackend, added, closeOnJvmShutdown);
    }

    public RuntimeSetup withCloseOnJvmShutdown(boolean close) {
        return new RuntimeSetup(functions, spawnBackend, listeners, close);
    }
}
