package dev.tractor.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MsgpackBufTests {

    static final long[] BOUNDARIES = {
            0, 1, 127, 128, 255, 256, 65535, 65536, (1L << 32) - 1, 1L << 32, Long.MAX_VALUE,
            -1, -32, -33, -128, -129, -32768, -32769, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MIN_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Short.MAX_VALUE, Short.MIN_VALUE, Byte.MIN_VALUE};

    record Point(int x, int y) {
    }

    interface Packing {
        void accept(MessageBufferPacker p) throws IOException;
    }

    /** Every boundary with its neighbours on both sides. */
    static List<Long> integers() {
        List<Long> all = new ArrayList<>();
        for (long v : BOUNDARIES) {
            if (v != Long.MIN_VALUE) {
                all.add(v - 1);
            }
            all.add(v);
            if (v != Long.MAX_VALUE) {
                all.add(v + 1);
            }
        }
        return all;
    }

    static byte[] packed(Packing body) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        body.accept(p);
        return p.toByteArray();
    }

    static List<ByteBuf> buffers() {
        // pooled heap buffers share one array at an offset, as the connection's writer's buffers do
        return List.of(Unpooled.buffer(), Unpooled.directBuffer(), Unpooled.buffer(1), Unpooled.directBuffer(1),
                io.netty.buffer.PooledByteBufAllocator.DEFAULT.heapBuffer(1),
                new io.netty.buffer.AdaptiveByteBufAllocator().heapBuffer(1));
    }

    /** Writes with {@code write} into heap and direct buffers, after a marker byte, and compares with the packer's bytes. */
    static void assertSameBytes(String what, Consumer<ByteBuf> write, Packing reference) throws IOException {
        byte[] expected = packed(reference);
        for (ByteBuf buf : buffers()) {
            try {
                buf.writeByte(0x42);
                write.accept(buf);
                assertThat(buf.readByte()).as("%s: marker", what).isEqualTo((byte) 0x42);
                assertThat(ByteBufUtil.getBytes(buf)).as("%s into %s", what, buf).isEqualTo(expected);
            } finally {
                buf.release();
            }
        }
    }

    static String ascii(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + i % 26));
        }
        return s.toString();
    }

    static byte[] bytes(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static byte[] valueCodecBytes(Object v) throws IOException {
        return packed(p -> ReferenceValues.pack(p, v));
    }

    @Test
    void integersMatchPackLong() throws IOException {
        for (long v : integers()) {
            assertSameBytes("writeLong " + v, b -> MsgpackBuf.writeLong(b, v), p -> p.packLong(v));
            if (v == (int) v) {
                assertSameBytes("packInt " + v, b -> MsgpackBuf.writeLong(b, v), p -> p.packInt((int) v));
            }
            if (v == (short) v) {
                assertSameBytes("packShort " + v, b -> MsgpackBuf.writeLong(b, v), p -> p.packShort((short) v));
            }
            if (v == (byte) v) {
                assertSameBytes("packByte " + v, b -> MsgpackBuf.writeLong(b, v), p -> p.packByte((byte) v));
            }
        }
    }

    @Test
    void integersUseTheSmallestForm() {
        ByteBuf buf = Unpooled.buffer();
        MsgpackBuf.writeLong(buf, 127);
        MsgpackBuf.writeLong(buf, -32);
        MsgpackBuf.writeLong(buf, 128);
        MsgpackBuf.writeLong(buf, -33);
        MsgpackBuf.writeLong(buf, 1L << 32);
        assertThat(ByteBufUtil.hexDump(buf)).isEqualTo("7f" + "e0" + "cc80" + "d0df" + "cf0000000100000000");
    }

    @Test
    void stringsMatchPackString() throws IOException {
        List<String> strings = new ArrayList<>(List.of("", "a", "héllo ✓ 𝄞", "𝄞", "a\uD800b", "\uDC00", "end\uD800",
                "é".repeat(15) + "a", "é".repeat(16), "✓".repeat(300), "✓".repeat(22_000), "a\uD800b".repeat(300),
                ascii(300) + "é", ascii(70_000) + "\uD800", "cid-\u0080", ascii(31) + "\u00ff"));
        for (int length : new int[] {1, 31, 32, 255, 256, 511, 512, 65535, 65536}) {
            strings.add(ascii(length));
        }
        for (String s : strings) {
            assertSameBytes("string of " + s.length() + " chars", b -> MsgpackBuf.writeString(b, s), p -> p.packString(s));
        }
    }

    @Test
    void stringHeaderForms() {
        ByteBuf buf = Unpooled.buffer();
        MsgpackBuf.writeString(buf, ascii(31));
        assertThat(ByteBufUtil.hexDump(buf, 0, 1)).isEqualTo("bf");
        buf.clear();
        MsgpackBuf.writeString(buf, ascii(32));
        assertThat(ByteBufUtil.hexDump(buf, 0, 2)).isEqualTo("d920");
        buf.clear();
        MsgpackBuf.writeString(buf, ascii(256));
        assertThat(ByteBufUtil.hexDump(buf, 0, 3)).isEqualTo("da0100");
        buf.clear();
        MsgpackBuf.writeString(buf, ascii(65536));
        assertThat(ByteBufUtil.hexDump(buf, 0, 5)).isEqualTo("db00010000");
        assertThat(buf.readableBytes()).isEqualTo(5 + 65536);
    }

    @Test
    void unpairedHighSurrogateBeforeNonAsciiMatchesPackString() throws IOException {
        for (String s : List.of("\uD800é", "\uD800\u4e2d", "\uD800\uD83D\uDE00", "x\uD800\uD800\uDC00")) {
            assertSameBytes("string " + s.codePoints().mapToObj(Integer::toHexString).toList(),
                    b -> MsgpackBuf.writeString(b, s), p -> p.packString(s));
        }
    }

    @Test
    void stringBytesMatchPackString() throws IOException {
        for (String s : List.of("", "cid", "héllo ✓ 𝄞", ascii(32), ascii(300), ascii(70_000))) {
            byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertSameBytes("string bytes of " + s.length(), b -> MsgpackBuf.writeStringBytes(b, utf8), p -> p.packString(s));
        }
    }

    @Test
    void binariesMatchPackBinary() throws IOException {
        for (int length : new int[] {0, 1, 255, 256, 65535, 65536}) {
            byte[] data = bytes(length);
            assertSameBytes("binary of " + length, b -> MsgpackBuf.writeBinary(b, data),
                    p -> p.packBinaryHeader(length).writePayload(data));
            assertSameBytes("binary header " + length, b -> MsgpackBuf.writeBinaryHeader(b, length),
                    p -> p.packBinaryHeader(length));
        }
    }

    @Test
    void containerHeadersMatchThePacker() throws IOException {
        for (int n : new int[] {0, 1, 15, 16, 65535, 65536, Integer.MAX_VALUE}) {
            assertSameBytes("map header " + n, b -> MsgpackBuf.writeMapHeader(b, n), p -> p.packMapHeader(n));
            assertSameBytes("array header " + n, b -> MsgpackBuf.writeArrayHeader(b, n), p -> p.packArrayHeader(n));
        }
    }

    @Test
    void floatsBooleansAndNilMatchThePacker() throws IOException {
        for (double d : new double[] {0.0, -0.0, 1.5, -2.25, Math.PI, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE}) {
            assertSameBytes("double " + d, b -> MsgpackBuf.writeDouble(b, d), p -> p.packDouble(d));
        }
        for (float f : new float[] {0.0f, -0.0f, 2.5f, -1e-3f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                Float.MAX_VALUE}) {
            assertSameBytes("float " + f, b -> MsgpackBuf.writeFloat(b, f), p -> p.packFloat(f));
        }
        assertSameBytes("true", b -> MsgpackBuf.writeBoolean(b, true), p -> p.packBoolean(true));
        assertSameBytes("false", b -> MsgpackBuf.writeBoolean(b, false), p -> p.packBoolean(false));
        assertSameBytes("nil", MsgpackBuf::writeNil, p -> p.packNil());
    }

    @Test
    void scalarsMatchTheReferenceValueCodec() throws IOException {
        List<Object> scalars = new ArrayList<>(List.of("", "text", "héllo ✓ 𝄞", ascii(40), ascii(70_000),
                0, -1, 127, 128, -33, 300, Integer.MAX_VALUE, Integer.MIN_VALUE,
                0L, -1L, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE,
                (short) 0, (short) -300, Short.MAX_VALUE, (byte) 0, (byte) -100, Byte.MAX_VALUE,
                true, false, 1.5d, Double.NaN, 2.5f, -0.0f, new byte[0], bytes(300), bytes(70_000)));
        scalars.add(null);
        for (Object v : scalars) {
            String what = "scalar " + (v == null ? "null" : v.getClass().getSimpleName() + " " + abbreviate(v));
            assertSameBytes(what, b -> assertThat(MsgpackBuf.writeScalar(b, v)).as(what).isTrue(),
                    p -> ReferenceValues.pack(p, v));
        }
    }

    @Test
    void nonScalarsAreLeftAlone() {
        for (Object v : List.of(List.of(1, "a"), List.of(), Map.of("k", 1), Map.of(), new Point(1, 2),
                new int[] {1}, new Object[] {"a"}, 'c', BigInteger.ONE, java.util.UUID.randomUUID())) {
            for (ByteBuf buf : buffers()) {
                try {
                    buf.writeByte(0x42);
                    assertThat(MsgpackBuf.writeScalar(buf, v)).as("%s", v).isFalse();
                    assertThat(buf.readableBytes()).as("%s", v).isEqualTo(1);
                } finally {
                    buf.release();
                }
            }
        }
    }

    static String abbreviate(Object v) {
        String s = v instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
    }

    @Test
    void readLongRoundTrips() throws IOException {
        for (long v : integers()) {
            for (ByteBuf buf : buffers()) {
                try {
                    MsgpackBuf.writeLong(buf, v);
                    buf.writeByte(0x42);
                    assertThat(MsgpackBuf.readLong(buf)).isEqualTo(v);
                    assertThat(buf.readableBytes()).isEqualTo(1);
                } finally {
                    buf.release();
                }
            }
            ByteBuf packed = Unpooled.wrappedBuffer(packed(p -> p.packLong(v)));
            assertThat(MsgpackBuf.readLong(packed)).isEqualTo(v);
            assertThat(packed.isReadable()).isFalse();
        }
    }

    @Test
    void readLongAcceptsEveryIntegerForm() {
        assertThat(readLong(0xcf, 0, 0, 0, 0, 0, 0, 0, 9)).isEqualTo(9);
        assertThat(readLong(0xcf, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).isEqualTo(Long.MAX_VALUE);
        assertThat(readLong(0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe)).isEqualTo(-2);
        assertThat(readLong(0xd2, 0, 0, 0, 5)).isEqualTo(5);
        assertThat(readLong(0xd1, 0xff, 0x85)).isEqualTo(-123);
        assertThat(readLong(0xd0, 0x05)).isEqualTo(5);
        assertThat(readLong(0xce, 0xff, 0xff, 0xff, 0xff)).isEqualTo(0xffff_ffffL);
        assertThat(readLong(0xcd, 0xff, 0xff)).isEqualTo(0xffff);
        assertThat(readLong(0xcc, 0xff)).isEqualTo(0xff);
        assertThat(readLong(0xe0)).isEqualTo(-32);
        assertThat(readLong(0x7f)).isEqualTo(127);
    }

    static long readLong(int... bytes) {
        ByteBuf buf = Unpooled.buffer();
        for (int b : bytes) {
            buf.writeByte(b);
        }
        long v = MsgpackBuf.readLong(buf);
        assertThat(buf.isReadable()).isFalse();
        return v;
    }

    @Test
    void readLongRefusesNonIntegers() {
        assertThatThrownBy(() -> readLong(0xa1, 'x')).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0xa1");
        assertThatThrownBy(() -> readLong(0xd9, 1, 'x')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readLong(0xc0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readLong(0xcb, 0, 0, 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readLong(0x90)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readLong(0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uint64");
    }

    @Test
    void readBinaryRoundTrips() throws IOException {
        for (int length : new int[] {0, 1, 255, 256, 65535, 65536}) {
            byte[] data = bytes(length);
            for (ByteBuf buf : buffers()) {
                try {
                    MsgpackBuf.writeBinary(buf, data);
                    buf.writeByte(0x42);
                    assertThat(MsgpackBuf.readBinary(buf)).isEqualTo(data);
                    assertThat(buf.readableBytes()).isEqualTo(1);
                } finally {
                    buf.release();
                }
            }
            ByteBuf packed = Unpooled.wrappedBuffer(packed(p -> p.packBinaryHeader(length).writePayload(data)));
            assertThat(MsgpackBuf.readBinary(packed)).isEqualTo(data);
            assertThat(packed.isReadable()).isFalse();
        }
    }

    @Test
    void readBinaryRefusesOtherValuesAndShortPayloads() {
        assertThatThrownBy(() -> MsgpackBuf.readBinary(Unpooled.wrappedBuffer(new byte[] {(byte) 0xa1, 'x'})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a msgpack binary");
        assertThatThrownBy(() -> MsgpackBuf.readBinary(Unpooled.wrappedBuffer(new byte[] {(byte) 0xc4, 3, 1, 2})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 bytes, only 2 left");
        assertThatThrownBy(() -> MsgpackBuf.readBinary(Unpooled.wrappedBuffer(
                new byte[] {(byte) 0xc6, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4294967295 bytes");
    }
}
