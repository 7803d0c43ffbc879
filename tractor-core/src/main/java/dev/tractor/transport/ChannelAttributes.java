package dev.tractor.transport;

import dev.tractor.ActorUid;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;

/** Per-connection state kept on the Netty channel. */
public final class ChannelAttributes {

    /** Completes with the peer's uid once the handshake succeeded, or exceptionally with why it failed. */
    public static final AttributeKey<CompletableFuture<ActorUid>> HANDSHAKE = AttributeKey.valueOf("tractor.handshake");

    /** The stream window the peer announced in its hello: how many items it accepts before granting credit. */
    public static final AttributeKey<Integer> PEER_WINDOW = AttributeKey.valueOf("tractor.peerWindow");

    /** Why this actor closed the connection, when it did so on purpose (a silent peer); null otherwise. */
    public static final AttributeKey<String> CLOSE_REASON = AttributeKey.valueOf("tractor.closeReason");

    private ChannelAttributes() {
    }
}
