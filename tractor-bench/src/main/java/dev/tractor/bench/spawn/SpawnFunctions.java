package dev.tractor.bench.spawn;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import java.util.Map;

/** The functions of the spawn workload's core children (namespace {@code spawn}). */
@ActorNamespace("spawn")
public class SpawnFunctions {

    /** When the actor created this module: it is opening, and has not connected back to its parent yet. */
    private final long createdMicros = Probe.epochMicros();

    /** The trivial first call: this process's id. */
    @ActorFunction
    public long pid() {
        return ProcessHandle.current().pid();
    }

    /** See {@link Probe}; called after the first call, as it loads the management classes. */
    @ActorFunction
    public Map<String, Object> probe() {
        return Probe.of(createdMicros);
    }
}
