package dev.tractor;

import java.util.List;

/**
 * A task in another actor failed. Carries the remote exception's fully qualified type, its message,
 * its stack trace as text, and the uid of the actor where it was raised ({@link #source()}), which
 * stays the original actor when the error was relayed through intermediate actors ({@link #relayedBy()}).
 * Its cause is a {@link RemoteTraceback} with the remote frames, so that a printed stack trace shows where in the
 * remote actor the error happened.
 */
public class RemoteActorError extends TractorException {

    private final String remoteType;
    private final String remoteMessage;
    private final String remoteTraceback;
    private final ActorUid source;
    private final List<ActorUid> relayedBy;

    public RemoteActorError(String message, String remoteType, String remoteMessage, String remoteTraceback,
                            ActorUid source, List<ActorUid> relayedBy) {
        super(message);
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        this.remoteTraceback = remoteTraceback;
        this.source = source;
        this.relayedBy = List.copyOf(relayedBy);
        RemoteTraceback remote = RemoteTraceback.of(source, remoteType, remoteMessage, remoteTraceback);
        if (remote != null) {
            initCause(remote);
        }
    }

    /** Fully qualified class name of the exception raised remotely. */
    public String remoteType() {
        return remoteType;
    }

    /** The remote exception's message (may be null). */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The remote stack trace as text. */
    public String remoteTraceback() {
        return remoteTraceback;
    }

    /** The actor where the error was raised. */
    public ActorUid source() {
        return source;
    }

    /** Actors that relayed this error on its way here, nearest to the source first. */
    public List<ActorUid> relayedBy() {
        return relayedBy;
    }
}
