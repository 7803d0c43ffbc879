package dev.tractor.transport;

import dev.tractor.ActorUid;

/** Receives connections once their handshake has succeeded; called on the connection's event loop. */
@FunctionalInterface
public interface ConnectionListener {

    /**
     * The peer {@code peerUid} proved it holds the cookie on {@code connection}. The implementation must
     * {@link Connection#serve} it, giving the handler that takes its messages from here on.
     */
    void authenticated(Connection connection, ActorUid peerUid);
}
