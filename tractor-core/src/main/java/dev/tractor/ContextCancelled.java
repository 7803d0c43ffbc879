package dev.tractor;

import java.util.List;

/** The remote task was cancelled (by {@code cancelTask}, a context cancel, or its actor being cancelled). */
public class ContextCancelled extends RemoteActorError {

    public ContextCancelled(String message, String remoteType, String remoteMessage, String remoteTraceback,
                            ActorUid source, List<ActorUid> relayedBy) {
        super(message, remoteType, remoteMessage, remoteTraceback, source, relayedBy);
    }
}
