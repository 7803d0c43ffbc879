package dev.tractor;

import java.util.List;

/**
 * The remote task was cancelled (by {@code cancelTask}, a context cancel, or its actor being cancelled).
 * {@link #canceller()} names the actor that asked for it: a block that asked for the cancel itself absorbs it, a
 * cancel any other actor asked for is raised.
 */
public class ContextCancelled extends RemoteActorError {

    private final ActorUid canceller;

    public ContextCancelled(String message, String remoteType, String remoteMessage, String remoteTraceback,
                            ActorUid source, List<ActorUid> relayedBy) {
        this(message, remoteType, remoteMessage, remoteTraceback, source, relayedBy, null);
    }

    public ContextCancelled(String message, String remoteType, String remoteMessage, String remoteTraceback,
                            ActorUid source, List<ActorUid> relayedBy, ActorUid canceller) {
        super(message, remoteType, remoteMessage, remoteTraceback, source, relayedBy);
        this.canceller = canceller;
    }

    /**
     * The actor that asked for the cancel: the caller itself, a third actor, or the cancelled actor ({@link
     * #source()}) when it cancelled its own tasks while shutting down; null if the peer did not say.
     */
    public ActorUid canceller() {
        return canceller;
    }
}
