package dev.tractor.bench.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.function.Consumer;

/**
 * The raw baseline's minimal protocol. A frame is a 4-byte big-endian length, then an op byte, a 4-byte id
 * and the msgpack-encoded payload. Requests carry a fresh id that the reply repeats; stream items and echoes
 * carry the id of their stream.
 */
final class RawProtocol {

    /** Parent → child: a call with an int, answered {@code x + 1}. */
    static final byte INC = 1;
    /** Parent → child: a call with a record, answered with it. */
    static final byte REC = 2;
    /** Parent → child: a call with a byte array, answered with it. */
    static final byte BYTES = 3;
    /** Parent → child: start streaming items of the kind in the payload (an ordinal). */
    static final byte STREAM = 4;
    /** Parent → child: stop the stream; the child answers {@link #END}. */
    static final byte STOP = 5;
    /** Either way: an echo message (an int). */
    static final byte ECHO = 6;
    /** Or'ed into a {@link #STREAM} request's item kind: the producer writes each batch of items into one buffer. */
    static final int BATCHED = 0x100;
    /** Parent → child: open the idle session whose id is the payload. */
    static final byte OPEN = 7;
    /** Parent → child: close the idle session whose id is the payload. */
    static final byte CLOSE = 8;
    /** Parent → child: the used heap after garbage collection. */
    static final byte HEAP = 9;
    /** Parent → child: how many sessions are open. */
    static final byte SESSIONS = 10;
    /** Child → parent: the answer to a request. */
    static final byte REPLY = 20;
    /** Child → parent: one stream item. */
    static final byte ITEM = 21;
    /** Child → parent: the stream has stopped. */
    static final byte END = 22;

    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int LENGTH_BYTES = 4;

    private RawProtocol() {
    }

    /** Adds the frame decoder: every later handler sees one frame, without its length, per read. */
    static void addFraming(ChannelPipeline p) {
        p.addLast("frames", new LengthFieldBasedFrameDecoder(MAX_FRAME + LENGTH_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES));
    }

    /** A complete frame: header, then what {@code payload} writes. */
    static ByteBuf frame(ByteBufAllocator alloc, byte op, int id, int sizeHint, Consumer<ByteBuf> payload) {
        ByteBuf out = alloc.ioBuffer(sizeHint + 9);
        appendFrame(out, op, id, payload);
        return out;
    }

    /** Appends a complete frame to {@code out}. */
    static void appendFrame(ByteBuf out, byte op, int id, Consumer<ByteBuf> payload) {
        int start = out.writerIndex();
        out.writeInt(0).writeByte(op).writeInt(id);
        payload.accept(out);
        out.setInt(start, out.writerIndex() - start - LENGTH_BYTES);
    }
}
