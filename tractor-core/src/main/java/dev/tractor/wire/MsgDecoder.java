package dev.tractor.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

import java.util.List;

/**
 * Decodes one already delimited frame into a {@link Msg}; a malformed frame raises a {@code ProtocolError}. One
 * instance per connection: it keeps the connection's {@link StringCache}.
 */
public class MsgDecoder extends MessageToMessageDecoder<ByteBuf> {

    private final StringCache strings = new StringCache();

    /** A decoder for frames without their length prefix. */
    public MsgDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(MsgCodec.decode(frame, strings));
    }
}
