package dev.tractor.bench.raw;

import dev.tractor.wire.MsgpackBuf;
import dev.tractor.bench.Rec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * The raw baseline's payload encoding: ints and byte arrays written and read directly in the buffer (msgpack by
 * hand, as a minimal protocol would), Jackson's msgpack mapper for the record. The bytes are the same as those
 * Tractor writes for the same values.
 */
final class RawCodec {

    private static final MessagePackMapper MAPPER = new MessagePackMapper();

    private RawCodec() {
    }

    static void writeInt(ByteBuf out, long x) {
        MsgpackBuf.writeLong(out, x);
    }

    static void writeBytes(ByteBuf out, byte[] b) {
        MsgpackBuf.writeBinary(out, b);
    }

    static void writeRec(ByteBuf out, Rec r) {
        try (ByteBufOutputStream os = new ByteBufOutputStream(out)) {
            MAPPER.writeValue((java.io.OutputStream) os, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long readLong(ByteBuf in) {
        return MsgpackBuf.readLong(in);
    }

    static int readInt(ByteBuf in) {
        return (int) readLong(in);
    }

    static byte[] readBytes(ByteBuf in) {
        return MsgpackBuf.readBinary(in);
    }

    static Rec readRec(ByteBuf in) {
        try (ByteBufInputStream is = new ByteBufInputStream(in)) {
            return MAPPER.readValue((java.io.InputStream) is, Rec.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
