package dev.tractor.transport;

import dev.tractor.wire.Msg;

/**
 * Takes an authenticated connection's traffic ({@link Connection#serve}). Every method is called on the
 * connection's event loop and must not block.
 */
public interface ConnectionHandler {

    /** A message arrived. */
    void onMessage(Msg msg);

    /** The messages of one read have all been handed over. */
    void readComplete();

    /** The connection became writable or unwritable. */
    void writabilityChanged();

    /** The connection closed; called once. */
    void closed();

    /**
     * The peer broke the framing ({@code why}); the connection is closed after the message returned here (an
     * internal error for the peer), if any, is written.
     */
    Msg protocolViolation(RuntimeException why);
}
