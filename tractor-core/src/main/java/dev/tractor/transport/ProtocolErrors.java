package dev.tractor.transport;

import dev.tractor.ProtocolError;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;

/** Turns what the codec pipeline throws into the {@link ProtocolError} a peer is told about. */
public final class ProtocolErrors {

    private ProtocolErrors() {
    }

    /** The protocol violation behind a pipeline exception, or a ProtocolError wrapping an unexpected one. */
    public static RuntimeException unwrap(Throwable cause) {
        Throwable t = cause;
        while (t instanceof DecoderException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException re && (t instanceof ProtocolError || t instanceof dev.tractor.AuthenticationFailed)) {
            return re;
        }
        if (t instanceof TooLongFrameException) {
            return new ProtocolError("frame too large: " + t.getMessage(), t);
        }
        return new ProtocolError("connection failed: " + t, t);
    }
}
