package dev.tractor.transport;

import dev.tractor.ActorUid;
import dev.tractor.wire.Msg;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an authenticated connection: hands its traffic to the {@link ConnectionHandler}, and on a
 * protocol violation (a bad frame) logs it naming the peer, writes the handler's answer and closes the connection.
 */
final class MessageHandler extends SimpleChannelInboundHandler<Msg> {

    private static final Logger log = LoggerFactory.getLogger(MessageHandler.class);

    private final ActorUid peer;
    private final ConnectionHandler handler;

    MessageHandler(ActorUid peer, ConnectionHandler handler) {
        this.peer = peer;
        this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Msg msg) {
        handler.onMessage(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        handler.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        handler.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handler.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        RuntimeException why = ProtocolErrors.unwrap(cause);
        log.warn("closing connection to actor {} at {}: {}", peer, PeerNames.of(ctx.channel()),
                LogText.clean(why.getMessage()));
        if (ctx.channel().isActive()) {
            Msg answer = handler.protocolViolation(why);
            if (answer != null) {
                ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        }
    }
}
