package dev.tractor;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of one actor incarnation: its name and a random UUID v4 string.
 * A restarted actor with the same name is a new peer, because its {@code uuid} differs.
 *
 * @param name the actor's name, as given to {@code startActor} or {@code TractorConfig.name}
 * @param uuid the incarnation's random UUID string
 */
public record ActorUid(String name, String uuid) {

    public ActorUid {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }

    /** A fresh identity for an actor called {@code name}. */
    public static ActorUid random(String name) {
        return new ActorUid(name, UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return name + "[" + uuid.substring(0, Math.min(8, uuid.length())) + "]";
    }
}
