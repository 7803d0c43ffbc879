package dev.tractor.bench.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The parent's framing of the raw connection: stream items are decoded and counted where they lie in the receive
 * buffer, as a hand-tuned client would; every other frame is passed on to {@link RawClientHandler} as a slice.
 */
final class RawClientFrames extends ByteToMessageDecoder {

    private static final int LENGTH_BYTES = 4;
    private static final int HEADER_BYTES = 5;

    private final RawClientHandler handler;

    RawClientFrames(RawClientHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= LENGTH_BYTES) {
            int start = in.readerIndex();
            int length = in.getInt(start);
            if (length < HEADER_BYTES) {
                throw new IllegalStateException("raw frame of " + length + " bytes");
            }
            if (in.readableBytes() - LENGTH_BYTES < length) {
                return;
            }
            int body = start + LENGTH_BYTES;
            in.readerIndex(body + length);
            if (in.getByte(body) == RawProtocol.ITEM) {
                handler.stream.item(in.slice(body + HEADER_BYTES, length - HEADER_BYTES));
            } else {
                out.add(in.retainedSlice(body, length));
                return;
            }
        }
    }
}
