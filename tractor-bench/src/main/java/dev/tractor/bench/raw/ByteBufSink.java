package dev.tractor.bench.raw;

import io.netty.buffer.ByteBuf;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/** Lets a msgpack packer append to a {@link ByteBuf} through a small staging array. */
final class ByteBufSink implements MessageBufferOutput {

    private final ByteBuf out;
    private byte[] staging;

    ByteBufSink(ByteBuf out) {
        this.out = out;
    }

    @Override
    public MessageBuffer next(int minimumSize) {
        if (staging == null || staging.length < minimumSize) {
            staging = new byte[Math.max(minimumSize, 64)];
        }
        return MessageBuffer.wrap(staging);
    }

    @Override
    public void writeBuffer(int length) {
        out.writeBytes(staging, 0, length);
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
