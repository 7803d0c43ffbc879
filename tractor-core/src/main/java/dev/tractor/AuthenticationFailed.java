package dev.tractor;

/** A peer failed the handshake: wrong cookie, a failed TLS handshake, or the handshake was not completed. */
public class AuthenticationFailed extends TractorException {

    public AuthenticationFailed(String message) {
        super(message);
    }

    public AuthenticationFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
