package dev.tractor.wire;

import io.netty.buffer.ByteBuf;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * Lets a {@code MessagePacker} write into a {@link ByteBuf}. For a heap buffer the packer writes straight into
 * its backing array; otherwise through a small staging array.
 */
public final class ByteBufOutput implements MessageBufferOutput {

    private static final int MIN_WRITABLE = 256;
    private static final int STAGING_SIZE = 8192;

    private final ByteBuf out;
    private byte[] staging;

    public ByteBufOutput(ByteBuf out) {
        this.out = out;
    }

    @Override
    public MessageBuffer next(int minimumSize) {
        if (out.hasArray()) {
            out.ensureWritable(Math.max(minimumSize, MIN_WRITABLE));
            return MessageBuffer.wrap(out.array(), out.arrayOffset() + out.writerIndex(), out.writableBytes());
        }
        if (staging == null || staging.length < minimumSize) {
            staging = new byte[Math.max(minimumSize, STAGING_SIZE)];
        }
        return MessageBuffer.wrap(staging);
    }

    @Override
    public void writeBuffer(int length) {
        if (out.hasArray()) {
            out.writerIndex(out.writerIndex() + length);
        } else {
            out.writeBytes(staging, 0, length);
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        out.writeBytes(buffer, offset, length);
    }

    @Override
    public void add(byte[] buffer, int offset, int length) {
        out.writeBytes(buffer, offset, length);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
