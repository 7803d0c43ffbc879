package dev.tractor.transport;

import dev.tractor.ActorUid;
import dev.tractor.Heartbeat;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One connection to another actor, as the runtime sees it: the transport's channel behind a small surface (open,
 * writable, close, stop reading, the peer's name and announced window, why it was closed, its event loop as a
 * scheduler), so that nothing outside the transport touches Netty. Thread-safe.
 */
public final class Connection {

    private static final AttributeKey<Connection> SELF = AttributeKey.valueOf("tractor.connection");

    private final Channel channel;
    private volatile Object owner;

    private Connection(Channel channel) {
        this.channel = channel;
    }

    /** The connection of {@code channel}, the same object every time. */
    static Connection of(Channel channel) {
        Connection c = channel.attr(SELF).get();
        if (c == null) {
            Connection made = new Connection(channel);
            c = channel.attr(SELF).setIfAbsent(made);
            if (c == null) {
                c = made;
            }
        }
        return c;
    }

    /** Completes with the peer's uid once the handshake succeeded, or exceptionally with why it failed. */
    public CompletableFuture<ActorUid> handshake() {
        return channel.attr(ChannelAttributes.HANDSHAKE).get();
    }

    /**
     * Hands the connection's traffic to {@code handler} from now on, with liveness ({@code heartbeat}) and an
     * outbound buffer of {@code outboundBytes} past which the connection reports itself unwritable. Call once, on
     * the event loop, when the handshake has succeeded.
     */
    public void serve(ActorUid self, ActorUid peer, ConnectionHandler handler, Heartbeat heartbeat, int outboundBytes) {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(outboundBytes / 2, outboundBytes));
        channel.pipeline().addLast("heartbeat", new HeartbeatHandler(self, peer, heartbeat));
        channel.pipeline().addLast("peer", new MessageHandler(peer, handler));
    }

    /** Attaches the runtime's object for this connection. */
    public void attach(Object owner) {
        this.owner = owner;
    }

    /** The object {@link #attach} attached, or null. */
    public <T> T attachment(Class<T> type) {
        return type.cast(owner);
    }

    /** A writer that sends messages from any thread, coalescing writes ({@link MessageWriter}). */
    public MessageWriter writer(int maxFrameBytes, MessageWriter.Unsendable unsendable) {
        return new MessageWriter(channel, maxFrameBytes, unsendable);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** False while more than the outbound buffer waits to be written. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Whether the calling thread is this connection's event loop. */
    public boolean inEventLoop() {
        return channel.eventLoop().inEventLoop();
    }

    /** The connection's event loop, to schedule work on it. */
    public ScheduledExecutorService scheduler() {
        return channel.eventLoop();
    }

    /** Stops reading from the peer: nothing more it sends is acted on. */
    public void stopReading() {
        channel.config().setAutoRead(false);
    }

    public void close() {
        channel.close();
    }

    /** The stream window the peer announced in its hello, or null if it announced none. */
    public Integer peerWindow() {
        return channel.attr(ChannelAttributes.PEER_WINDOW).get();
    }

    /** Why this actor closed the connection on purpose (a silent peer), or null. */
    public String closeReason() {
        return channel.attr(ChannelAttributes.CLOSE_REASON).get();
    }

    /** The peer for log lines: {@code ip:port}, or the peer process over a Unix socket. */
    public String peerName() {
        return PeerNames.of(channel);
    }

    @Override
    public String toString() {
        return peerName();
    }
}
