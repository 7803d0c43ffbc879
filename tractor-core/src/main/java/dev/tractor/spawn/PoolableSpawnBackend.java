package dev.tractor.spawn;

import java.io.IOException;
import java.util.List;

/**
 * A {@link SpawnBackend} whose children can be started ahead of need and claimed later ({@link WarmPool}): it can
 * start a child JVM without an identity, which then waits for a {@link PoolClaim} on stdin.
 */
public interface PoolableSpawnBackend extends SpawnBackend {

    /** Whether this backend's children can be pooled at all. */
    boolean supportsPooling();

    /**
     * The command line of a pooled child that could serve {@code request}: no identity, the argument
     * {@link PoolClaim#POOLED}. Two requests with the same pooled command can be served by the same pool.
     */
    List<String> pooledCommand(SpawnRequest request);

    /** Starts a pooled child with {@code pooledCommand}; its output is prefixed with {@code label} until claimed. */
    LocalChildProcess startPooled(List<String> pooledCommand, String label) throws IOException;
}
