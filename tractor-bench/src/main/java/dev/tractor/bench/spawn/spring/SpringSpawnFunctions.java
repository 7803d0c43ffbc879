package dev.tractor.bench.spawn.spring;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.bench.spawn.Probe;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The functions of the spawn workload's Spring children (namespace {@code springspawn}), as a bean. */
@Component
@ActorNamespace(SpringSpawnFunctions.NS)
public class SpringSpawnFunctions {

    static final String NS = "springspawn";

    /** When the context created this bean: in a child, during its refresh, before the actor opens. */
    private final long createdMicros = Probe.epochMicros();

    /** The trivial first call: this process's id. */
    @ActorFunction
    public long pid() {
        return ProcessHandle.current().pid();
    }

    /** See {@link Probe}. */
    @ActorFunction
    public Map<String, Object> probe() {
        return Probe.of(createdMicros);
    }
}
