package dev.tractor.spawn;

import dev.tractor.ActorOptions;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorConfig;

/**
 * What a {@link SpawnBackend} needs to start a child actor.
 *
 * @param uid           the child's identity
 * @param parentAddress where the child connects back
 * @param cookie        the tree's shared secret (passed through the environment, never argv)
 * @param config        the configuration the child inherits (its name already set)
 * @param options       per-child options
 */
public record SpawnRequest(ActorUid uid, Address parentAddress, String cookie, TractorConfig config,
                           ActorOptions options) {
}
