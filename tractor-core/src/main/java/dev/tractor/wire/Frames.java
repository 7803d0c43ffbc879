package dev.tractor.wire;

import io.netty.buffer.ByteBuf;

/** Writes whole frames: the 4-byte big-endian length, then the message's msgpack map. */
public final class Frames {

    /** The length prefix of every frame. */
    public static final int LENGTH_BYTES = 4;

    private Frames() {
    }

    /**
     * Appends {@code msg} to {@code out} as one frame; on failure nothing is appended.
     *
     * @throws IllegalArgumentException if the message holds a value that cannot be written
     */
    public static void write(Msg msg, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        try {
            MsgCodec.encode(msg, out);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
        out.setInt(start, out.writerIndex() - start - LENGTH_BYTES);
    }
}
