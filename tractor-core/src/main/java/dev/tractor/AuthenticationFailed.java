package dev.tractor;

/** A peer failed the handshake: wrong cookie, or the handshake was not completed. */
public class AuthenticationFailed extends TractorException {

    public AuthenticationFailed(String message) {
        super(message);
    }
}
