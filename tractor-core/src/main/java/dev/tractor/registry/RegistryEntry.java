package dev.tractor.registry;

import dev.tractor.ActorUid;
import dev.tractor.Address;

/**
 * One registered actor: who it is and where it listens.
 *
 * @param uid     the actor's identity
 * @param address the actor's listening address
 */
public record RegistryEntry(ActorUid uid, Address address) {
}
