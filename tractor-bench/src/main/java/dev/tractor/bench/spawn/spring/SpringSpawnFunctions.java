package dev.tractor.bench.spawn.spring;

import dev.tractor.ActorNamespace;
import dev.tractor.bench.spawn.SpawnFunctions;
import org.springframework.stereotype.Component;

/**
 * The functions of the spawn workload's Spring children (namespace {@code springspawn}), as a bean: the core
 * children's {@link SpawnFunctions}, created while the child's context refreshes, before its actor opens.
 */
@Component
@ActorNamespace(SpringSpawnFunctions.NS)
public class SpringSpawnFunctions extends SpawnFunctions {

    static final String NS = "springspawn";
}
