package dev.tractor.runtime;

import dev.tractor.transport.LogText;
import dev.tractor.transport.PeerNames;
import dev.tractor.transport.ProtocolErrors;
import dev.tractor.wire.ErrorBox;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Msg;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an authenticated connection: hands messages to the {@link Peer}, and on a protocol
 * violation (bad frame) logs it naming the peer, sends an internal error and closes the connection.
 */
final class PeerHandler extends SimpleChannelInboundHandler<Msg> {

    private static final Logger log = LoggerFactory.getLogger(PeerHandler.class);

    private final Peer peer;

    PeerHandler(Peer peer) {
        this.peer = peer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Msg msg) {
        peer.onMessage(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        peer.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        peer.onClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        RuntimeException why = ProtocolErrors.unwrap(cause);
        log.warn("closing connection to actor {} at {}: {}", peer.uid(), PeerNames.of(ctx.channel()),
                LogText.clean(why.getMessage()));
        if (ctx.channel().isActive()) {
            ErrorBox box = peer.box(why);
            ctx.writeAndFlush(new ErrorMsg(null, box)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
