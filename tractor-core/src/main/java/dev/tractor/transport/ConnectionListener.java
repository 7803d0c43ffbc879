package dev.tractor.transport;

import dev.tractor.ActorUid;
import io.netty.channel.Channel;

/** Receives connections once their handshake has succeeded; called on the channel's event loop. */
@FunctionalInterface
public interface ConnectionListener {

    /**
     * The peer {@code peerUid} proved it holds the cookie on {@code channel}. The implementation must
     * add the handler that takes the channel's messages from here on.
     */
    void authenticated(Channel channel, ActorUid peerUid);
}
