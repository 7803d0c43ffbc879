package dev.tractor.transport;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.AuthenticationFailed;
import dev.tractor.ProtocolError;
import dev.tractor.wire.Auth;
import dev.tractor.wire.ErrorBox;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.FrameDecoder;
import dev.tractor.wire.Hello;
import dev.tractor.wire.Msg;
import dev.tractor.wire.WirePipeline;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs handshake version 2 (README, "Wire protocol and security") on a new connection. Both sides send a
 * {@code hello}; the dialer proves first, the listener verifies that proof before it proves anything, then the
 * dialer verifies the listener's. Nothing but {@code hello} and {@code auth} is accepted before the handshake is
 * complete, frames are small ({@link WirePipeline#HANDSHAKE_MAX_FRAME_BYTES}) and it must be done within
 * {@link #TIMEOUT_MS}; any violation answers an internal error and closes the connection. On success the handler
 * widens the frame limit, removes itself and hands the channel to the {@link ConnectionListener}; either way it
 * completes the channel's {@link ChannelAttributes#HANDSHAKE}. Runs on the channel's event loop only.
 */
public final class HandshakeHandler extends SimpleChannelInboundHandler<Msg> {

    /** How long a connection may take to complete the handshake. */
    public static final long TIMEOUT_MS = 5_000;

    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final int MAX_FIELD_BYTES = 255;
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ActorUid self;
    private final String cookie;
    private final boolean dialer;
    private final ConnectionListener listener;
    private final int window;
    private final Complaints complaints;
    private final byte[] ownNonce = HandshakeCrypto.nonce();
    private boolean started;
    private boolean refused;
    private Hello peerHello;
    private Address to;
    private final Supplier<Set<Address>> advertised;
    private ScheduledFuture<?> timeout;

    /**
     * @param dialer whether this side connected (it proves first) or accepted the connection
     * @param window     the stream window this actor announces (how many items it accepts before granting credit)
     * @param complaints rate-limits the refusals this handler logs, shared by the listener's connections
     */
    public HandshakeHandler(ActorUid self, String cookie, boolean dialer, int window, Complaints complaints,
                            ConnectionListener listener) {
        this(self, cookie, dialer, window, complaints, listener, Set::of);
    }

    /**
     * @param advertised the addresses other than its socket's own at which this actor may be reached (it advertises
     *                   them: behind NAT, a port forward or a proxy); a dialer that reached one of them is accepted
     */
    public HandshakeHandler(ActorUid self, String cookie, boolean dialer, int window, Complaints complaints,
                            ConnectionListener listener, Supplier<Set<Address>> advertised) {
        super(false);
        this.advertised = advertised;
        this.window = window;
        this.complaints = complaints;
        this.self = self;
        this.cookie = cookie;
        this.dialer = dialer;
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        timeout = ctx.executor().schedule(() -> refuse(ctx, new ProtocolError("handshake not completed within "
                + TIMEOUT_MS + " ms")), TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (dialer) {
            to = SocketAddresses.of(ctx.channel().remoteAddress());
            if (to == null) {
                refuse(ctx, new ProtocolError("cannot tell which address this connection reached: "
                        + ctx.channel().remoteAddress()));
                return;
            }
        }
        ctx.writeAndFlush(new Hello(self, WirePipeline.PROTO_VERSION, ownNonce, to, window));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Msg msg) {
        if (refused) {
            return; // frames that arrived with the refused one are dropped unread
        }
        if (msg instanceof Hello hello && peerHello == null) {
            RuntimeException bad = check(ctx, hello);
            if (bad != null) {
                refuse(ctx, bad);
                return;
            }
            peerHello = hello;
            if (dialer) {
                ctx.writeAndFlush(new Auth(proof(HandshakeCrypto.DIALER)));
            } else {
                to = hello.to();
            }
        } else if (msg instanceof Auth auth && peerHello != null) {
            if (!HandshakeCrypto.matches(proof(dialer ? HandshakeCrypto.LISTENER : HandshakeCrypto.DIALER), auth.mac())) {
                refuse(ctx, new AuthenticationFailed("peer " + peerHello.uid() + " at " + ctx.channel().remoteAddress()
                        + " failed authentication: wrong cookie"));
                return;
            }
            if (!dialer) {
                ctx.writeAndFlush(new Auth(proof(HandshakeCrypto.LISTENER)));
            }
            complete(ctx);
        } else if (msg instanceof ErrorMsg refusal) {
            peerRefused(ctx, refusal);
        } else {
            String kind = msg instanceof Hello ? "a second hello" : msg.getClass().getSimpleName();
            refuse(ctx, new AuthenticationFailed("peer at " + ctx.channel().remoteAddress() + " sent " + kind
                    + " before completing the handshake"));
        }
    }

    /** Why {@code hello} is refused, or null if it is acceptable. */
    private RuntimeException check(ChannelHandlerContext ctx, Hello hello) {
        Object from = ctx.channel().remoteAddress();
        if (hello.proto() != WirePipeline.PROTO_VERSION) {
            return new ProtocolError("peer at " + from + " speaks protocol version " + hello.proto()
                    + "; this actor speaks version " + WirePipeline.PROTO_VERSION + " only"
                    + (hello.proto() < WirePipeline.PROTO_VERSION ? " (older versions are refused)" : ""));
        }
        if (hello.nonce().length != HandshakeCrypto.NONCE_BYTES) {
            return new ProtocolError("peer at " + from + " sent a " + hello.nonce().length + "-byte nonce; "
                    + HandshakeCrypto.NONCE_BYTES + " bytes are required");
        }
        String name = hello.uid().name();
        if (name.isEmpty()) {
            return new ProtocolError("peer at " + from + " sent an empty actor name");
        }
        if (utf8Length(name) > MAX_FIELD_BYTES) {
            return new ProtocolError("peer at " + from + " sent an actor name of " + utf8Length(name)
                    + " bytes; at most " + MAX_FIELD_BYTES + " are allowed: '" + LogText.clean(name) + "'");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return new ProtocolError("peer at " + from + " sent an actor name with control characters: '"
                    + LogText.clean(name) + "'");
        }
        if (!UUID.matcher(hello.uid().uuid()).matches()) {
            return new ProtocolError("peer at " + from + " sent a uuid that is not a UUID: '"
                    + LogText.clean(hello.uid().uuid()) + "'");
        }
        if (hello.uid().uuid().equalsIgnoreCase(self.uuid())) {
            return new AuthenticationFailed("peer at " + from + " sent a hello carrying this actor's own uuid");
        }
        if (!dialer) {
            Address local = SocketAddresses.of(ctx.channel().localAddress());
            Address reached = hello.to();
            if (reached == null || utf8Length(reached.host()) > MAX_FIELD_BYTES
                    || !(reached.equals(local) || advertised.get().contains(reached))) {
                return new AuthenticationFailed("peer at " + from + " reached " + (reached == null ? "no address"
                        : reached) + ", but this connection was accepted at " + local + (advertised.get().isEmpty()
                        ? "" : " (advertised as " + advertised.get() + ")"));
            }
        }
        return null;
    }

    private byte[] proof(String role) {
        Hello peer = peerHello;
        byte[] transcript = dialer
                ? HandshakeCrypto.transcript(role, ownNonce, peer.nonce(), self, peer.uid(), to)
                : HandshakeCrypto.transcript(role, peer.nonce(), ownNonce, peer.uid(), self, to);
        return HandshakeCrypto.proof(cookie, transcript);
    }

    private void complete(ChannelHandlerContext ctx) {
        cancelTimeout();
        if (ctx.pipeline().get("frameDecoder") instanceof FrameDecoder decoder) {
            decoder.handshakeDone();
        }
        ctx.pipeline().remove(this);
        ctx.channel().attr(ChannelAttributes.PEER_WINDOW).set(peerHello.windowOrDefault());
        listener.authenticated(Connection.of(ctx.channel()), peerHello.uid());
        ctx.channel().attr(ChannelAttributes.HANDSHAKE).get().complete(peerHello.uid());
    }

    private void peerRefused(ChannelHandlerContext ctx, ErrorMsg refusal) {
        stopReading(ctx);
        String who = peerHello != null ? "actor " + peerHello.uid() : "the peer";
        String text = who + " at " + PeerNames.of(ctx.channel()) + " refused the handshake: "
                + LogText.clean(refusal.box().message());
        RuntimeException why = AuthenticationFailed.class.getName().equals(refusal.box().type())
                ? new AuthenticationFailed(text) : new ProtocolError(text);
        cancelTimeout();
        complaints.warn(log, "{}: {}", self, text);
        ctx.channel().attr(ChannelAttributes.HANDSHAKE).get().completeExceptionally(why);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        SSLException tls = tlsFailure(cause);
        if (tls != null) {
            tlsFailed(ctx, tls);
            return;
        }
        refuse(ctx, ProtocolErrors.unwrap(cause));
    }

    /** A failed TLS handshake is told here, before the TLS handler closes the connection. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            SSLException tls = tlsFailure(done.cause());
            tlsFailed(ctx, tls != null ? tls : new SSLException(done.cause()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void tlsFailed(ChannelHandlerContext ctx, SSLException tls) {
        stopReading(ctx);
        // nothing can be written to a peer with whom TLS failed: say why here and hang up
        AuthenticationFailed why = new AuthenticationFailed("TLS with the peer at " + ctx.channel().remoteAddress()
                + " failed: " + describe(tls) + " (both sides need TLS, with certificates the other trusts)", tls);
        cancelTimeout();
        if (ctx.channel().attr(ChannelAttributes.HANDSHAKE).get().completeExceptionally(why)) {
            complaints.warn(log, "{} refused connection from {}: {}", self, PeerNames.of(ctx.channel()),
                    LogText.clean(why.getMessage()));
        }
        ctx.close();
    }

    private static SSLException tlsFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    private static String describe(SSLException e) {
        if (e instanceof NotSslRecordException) {
            return "the peer does not speak TLS";
        }
        return e.getMessage();
    }

    private void refuse(ChannelHandlerContext ctx, RuntimeException why) {
        if (refused) {
            return;
        }
        stopReading(ctx);
        cancelTimeout();
        complaints.warn(log, "{} refused connection from {}: {}", self, PeerNames.of(ctx.channel()),
                LogText.clean(why.getMessage()));
        ctx.channel().attr(ChannelAttributes.HANDSHAKE).get().completeExceptionally(why);
        if (ctx.channel().isActive()) {
            ErrorBox box = new ErrorBox(why.getClass().getName(), why.getMessage(), "", self, List.of());
            ctx.writeAndFlush(new ErrorMsg(null, box)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Once refused, a connection is only closed: nothing more it sent is read or acted on. */
    private void stopReading(ChannelHandlerContext ctx) {
        refused = true;
        ctx.channel().config().setAutoRead(false);
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
