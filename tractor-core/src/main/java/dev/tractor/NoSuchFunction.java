package dev.tractor;

/**
 * Raised inside an actor for a call to a namespace or function it does not expose. The caller sees it
 * as a {@link RemoteActorError} whose {@code remoteType()} is {@code dev.tractor.NoSuchFunction}.
 */
public class NoSuchFunction extends TractorException {

    public NoSuchFunction(String message) {
        super(message);
    }
}
