package dev.tractor.transport;

import dev.tractor.ActorUid;
import dev.tractor.AuthenticationFailed;
import dev.tractor.ProtocolError;
import dev.tractor.wire.Auth;
import dev.tractor.wire.ErrorBox;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Hello;
import dev.tractor.wire.Msg;
import dev.tractor.wire.WirePipeline;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hello/auth handshake of PROTOCOL.md on a new connection. Nothing but {@code hello} and
 * {@code auth} is accepted before it completes; any violation answers an internal error and closes the
 * connection. On success the handler removes itself and hands the channel to the {@link ConnectionListener}.
 */
public final class HandshakeHandler extends SimpleChannelInboundHandler<Msg> {

    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final long HANDSHAKE_TIMEOUT_MS = 10_000;

    private final ActorUid self;
    private final String cookie;
    private final ConnectionListener listener;
    private final byte[] ownNonce = HandshakeCrypto.nonce();
    private Hello peerHello;
    private ScheduledFuture<?> timeout;

    public HandshakeHandler(ActorUid self, String cookie, ConnectionListener listener) {
        this.self = self;
        this.cookie = cookie;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new Hello(self, WirePipeline.PROTO_VERSION, ownNonce));
        timeout = ctx.executor().schedule(() -> refuse(ctx, new ProtocolError("handshake not completed within "
                + HANDSHAKE_TIMEOUT_MS + " ms")), HANDSHAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Msg msg) {
        if (msg instanceof Hello hello && peerHello == null) {
            if (hello.proto() != WirePipeline.PROTO_VERSION) {
                refuse(ctx, new ProtocolError("peer speaks protocol " + hello.proto() + ", this actor speaks "
                        + WirePipeline.PROTO_VERSION));
                return;
            }
            peerHello = hello;
            ctx.writeAndFlush(new Auth(HandshakeCrypto.mac(cookie, hello.nonce(), self.uuid())));
        } else if (msg instanceof Auth auth && peerHello != null) {
            byte[] expected = HandshakeCrypto.mac(cookie, ownNonce, peerHello.uid().uuid());
            if (!HandshakeCrypto.matches(expected, auth.mac())) {
                refuse(ctx, new AuthenticationFailed("peer " + peerHello.uid() + " at " + ctx.channel().remoteAddress()
                        + " failed authentication: wrong cookie"));
                return;
            }
            timeout.cancel(false);
            ctx.pipeline().remove(this);
            listener.authenticated(ctx.channel(), peerHello.uid());
            ctx.channel().attr(ChannelAttributes.HANDSHAKE).get().complete(peerHello.uid());
        } else if (msg instanceof ErrorMsg refusal) {
            String text = "peer at " + ctx.channel().remoteAddress() + " refused the handshake: "
                    + refusal.box().message();
            RuntimeException why = AuthenticationFailed.class.getName().equals(refusal.box().type())
                    ? new AuthenticationFailed(text) : new ProtocolError(text);
            log.warn("{}: {}", self, text);
            ctx.channel().attr(ChannelAttributes.HANDSHAKE).get().completeExceptionally(why);
            ctx.close();
        } else {
            String kind = msg.getClass().getSimpleName();
            refuse(ctx, new AuthenticationFailed("peer at " + ctx.channel().remoteAddress() + " sent " + kind
                    + " before completing the handshake"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refuse(ctx, ProtocolErrors.unwrap(cause));
    }

    private void refuse(ChannelHandlerContext ctx, RuntimeException why) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        log.warn("{} refused connection from {}: {}", self, ctx.channel().remoteAddress(), why.getMessage());
        ctx.channel().attr(ChannelAttributes.HANDSHAKE).get().completeExceptionally(why);
        if (ctx.channel().isActive()) {
            ErrorBox box = new ErrorBox(why.getClass().getName(), why.getMessage(), "", self, List.of());
            ctx.writeAndFlush(new ErrorMsg(null, box)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
