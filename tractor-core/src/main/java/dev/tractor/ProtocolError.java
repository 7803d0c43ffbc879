package dev.tractor;

/** A peer violated the wire protocol: bad framing, a malformed message, an unknown message kind. */
public class ProtocolError extends TractorException {

    public ProtocolError(String message) {
        super(message);
    }

    public ProtocolError(String message, Throwable cause) {
        super(message, cause);
    }
}
