package dev.tractor.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.buffer.ByteBuf;

/** Writes each {@link Msg} as a frame: a 4-byte big-endian length, then the msgpack map. */
public class MsgEncoder extends MessageToByteEncoder<Msg> {

    /** Frames go into heap buffers. */
    public MsgEncoder() {
        super(Msg.class, false);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Msg msg, ByteBuf out) {
        Frames.write(msg, out);
    }
}
