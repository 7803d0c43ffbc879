package dev.tractor.bench.raw;

import dev.tractor.wire.ByteBufOutput;
import dev.tractor.bench.Rec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * The raw baseline's payload encoding: msgpack-core for ints, longs and byte arrays, Jackson's msgpack mapper for
 * the record. The bytes are the same as those Tractor writes for the same values.
 */
final class RawCodec {

    private static final MessagePackMapper MAPPER = new MessagePackMapper();

    private RawCodec() {
    }

    static void writeInt(ByteBuf out, long x) {
        pack(out, p -> p.packLong(x));
    }

    static void writeBytes(ByteBuf out, byte[] b) {
        pack(out, p -> {
            p.packBinaryHeader(b.length);
            p.writePayload(b);
        });
    }

    static void writeRec(ByteBuf out, Rec r) {
        try (ByteBufOutputStream os = new ByteBufOutputStream(out)) {
            MAPPER.writeValue((java.io.OutputStream) os, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long readLong(ByteBuf in) {
        try (MessageUnpacker u = unpacker(in)) {
            return u.unpackLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int readInt(ByteBuf in) {
        return (int) readLong(in);
    }

    static byte[] readBytes(ByteBuf in) {
        try (MessageUnpacker u = unpacker(in)) {
            return u.readPayload(u.unpackBinaryHeader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rec readRec(ByteBuf in) {
        try (ByteBufInputStream is = new ByteBufInputStream(in)) {
            return MAPPER.readValue((java.io.InputStream) is, Rec.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An unpacker over the readable bytes of {@code in}: a heap buffer's array as it is, a direct buffer's
     * bytes copied out (msgpack-core cannot read direct memory without access to JDK internals).
     */
    private static MessageUnpacker unpacker(ByteBuf in) {
        if (in.hasArray()) {
            return MessagePack.newDefaultUnpacker(in.array(), in.arrayOffset() + in.readerIndex(), in.readableBytes());
        }
        return MessagePack.newDefaultUnpacker(ByteBufUtil.getBytes(in));
    }

    private static void pack(ByteBuf out, PackAction action) {
        MessagePacker p = MessagePack.newDefaultPacker(new ByteBufOutput(out));
        try {
            action.pack(p);
            p.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface PackAction {
        void pack(MessagePacker p) throws IOException;
    }
}
