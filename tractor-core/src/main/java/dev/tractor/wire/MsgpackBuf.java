package dev.tractor.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * msgpack scalars and container headers written straight into a {@link ByteBuf}, heap or direct. Every method
 * writes the bytes msgpack's reference packers write for the same value (the smallest integer form, {@code str8}
 * for strings of 32–255 bytes).
 */
public final class MsgpackBuf {

    static final int NIL = 0xc0;
    static final int FALSE = 0xc2;
    static final int TRUE = 0xc3;
    static final int BIN8 = 0xc4;
    static final int BIN16 = 0xc5;
    static final int BIN32 = 0xc6;
    static final int FLOAT32 = 0xca;
    static final int FLOAT64 = 0xcb;
    static final int UINT8 = 0xcc;
    static final int UINT16 = 0xcd;
    static final int UINT32 = 0xce;
    static final int UINT64 = 0xcf;
    static final int INT8 = 0xd0;
    static final int INT16 = 0xd1;
    static final int INT32 = 0xd2;
    static final int INT64 = 0xd3;
    static final int STR8 = 0xd9;
    static final int STR16 = 0xda;
    static final int STR32 = 0xdb;
    static final int ARRAY16 = 0xdc;
    static final int ARRAY32 = 0xdd;
    static final int MAP16 = 0xde;
    static final int MAP32 = 0xdf;

    private MsgpackBuf() {
    }

    public static void writeNil(ByteBuf out) {
        out.writeByte(NIL);
    }

    public static void writeBoolean(ByteBuf out, boolean b) {
        out.writeByte(b ? TRUE : FALSE);
    }

    /** An integer in its smallest msgpack form. */
    public static void writeLong(ByteBuf out, long v) {
        if (v < -(1L << 5)) {
            if (v < -(1L << 15)) {
                if (v < -(1L << 31)) {
                    out.writeByte(INT64).writeLong(v);
                } else {
                    out.writeByte(INT32).writeInt((int) v);
                }
            } else if (v < -(1L << 7)) {
                out.writeByte(INT16).writeShort((int) v);
            } else {
                out.writeByte(INT8).writeByte((int) v);
            }
        } else if (v < (1L << 7)) {
            out.writeByte((int) v);
        } else if (v < (1L << 16)) {
            if (v < (1L << 8)) {
                out.writeByte(UINT8).writeByte((int) v);
            } else {
                out.writeByte(UINT16).writeShort((int) v);
            }
        } else if (v < (1L << 32)) {
            out.writeByte(UINT32).writeInt((int) v);
        } else {
            out.writeByte(UINT64).writeLong(v);
        }
    }

    public static void writeDouble(ByteBuf out, double d) {
        out.writeByte(FLOAT64).writeDouble(d);
    }

    public static void writeFloat(ByteBuf out, float f) {
        out.writeByte(FLOAT32).writeFloat(f);
    }

    /** A UTF-8 string (an unpaired surrogate becomes {@code ?}, as with {@code String.getBytes}). */
    public static void writeString(ByteBuf out, String s) {
        if (!out.hasArray() || !writeAsciiInPlace(out, s)) {
            writeStringBytes(out, s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Writes an ASCII string (call ids, names, keys: nearly every string on the wire) straight into the buffer's
     * array, with no array made for it. Returns false, leaving {@code out} as it was, at the first non-ASCII char.
     */
    private static boolean writeAsciiInPlace(ByteBuf out, String s) {
        int length = s.length();
        int start = out.writerIndex();
        writeStringHeader(out, length);
        out.ensureWritable(length);
        byte[] array = out.array();
        int at = out.arrayOffset() + out.writerIndex();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                out.writerIndex(start);
                return false;
            }
            array[at + i] = (byte) c;
        }
        out.writerIndex(out.writerIndex() + length);
        return true;
    }

    /** A string whose UTF-8 bytes are already known. */
    static void writeStringBytes(ByteBuf out, byte[] utf8) {
        writeStringHeader(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void writeStringHeader(ByteBuf out, int length) {
        if (length < (1 << 5)) {
            out.writeByte(0xa0 | length);
        } else if (length < (1 << 8)) {
            out.writeByte(STR8).writeByte(length);
        } else if (length < (1 << 16)) {
            out.writeByte(STR16).writeShort(length);
        } else {
            out.writeByte(STR32).writeInt(length);
        }
    }

    public static void writeBinary(ByteBuf out, byte[] b) {
        writeBinaryHeader(out, b.length);
        out.writeBytes(b);
    }

    public static void writeBinaryHeader(ByteBuf out, int length) {
        if (length < (1 << 8)) {
            out.writeByte(BIN8).writeByte(length);
        } else if (length < (1 << 16)) {
            out.writeByte(BIN16).writeShort(length);
        } else {
            out.writeByte(BIN32).writeInt(length);
        }
    }

    public static void writeMapHeader(ByteBuf out, int entries) {
        containerHeader(out, entries, 0x80, MAP16, MAP32);
    }

    public static void writeArrayHeader(ByteBuf out, int size) {
        containerHeader(out, size, 0x90, ARRAY16, ARRAY32);
    }

    /** A map or array header: the fix form below 16 elements, else the 16- or 32-bit count. */
    private static void containerHeader(ByteBuf out, int n, int fix, int code16, int code32) {
        if (n < (1 << 4)) {
            out.writeByte(fix | n);
        } else if (n < (1 << 16)) {
            out.writeByte(code16).writeShort(n);
        } else {
            out.writeByte(code32).writeInt(n);
        }
    }

    /**
     * Writes {@code v} if it is a scalar written the same way by {@link ValueCodec}: null, String, Integer, Long,
     * Short, Byte, Boolean, Double, Float or byte[].
     *
     * @return false, writing nothing, for any other value
     */
    public static boolean writeScalar(ByteBuf out, Object v) {
        switch (v) {
            case null -> writeNil(out);
            case Integer i -> writeLong(out, i);
            case String s -> writeString(out, s);
            case Long l -> writeLong(out, l);
            case Boolean b -> writeBoolean(out, b);
            case Double d -> writeDouble(out, d);
            case byte[] b -> writeBinary(out, b);
            case Float f -> writeFloat(out, f);
            case Short s -> writeLong(out, s);
            case Byte b -> writeLong(out, b);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads an integer of any msgpack integer format at the reader index and advances past it.
     *
     * @throws IllegalArgumentException if the next value is not an integer that fits a signed 64-bit long
     */
    public static long readLong(ByteBuf in) {
        int b = in.readUnsignedByte();
        if (b < 0x80 || b >= 0xe0) {
            return (byte) b;
        }
        return switch (b) {
            case UINT8 -> in.readUnsignedByte();
            case UINT16 -> in.readUnsignedShort();
            case UINT32 -> in.readUnsignedInt();
            case UINT64 -> {
                long v = in.readLong();
                if (v < 0) {
                    throw new IllegalArgumentException("msgpack uint64 does not fit in a long");
                }
                yield v;
            }
            case INT8 -> in.readByte();
            case INT16 -> in.readShort();
            case INT32 -> in.readInt();
            case INT64 -> in.readLong();
            default -> throw new IllegalArgumentException("not a msgpack integer: type byte 0x" + Integer.toHexString(b));
        };
    }

    /**
     * Reads a binary value at the reader index into a new array and advances past it.
     *
     * @throws IllegalArgumentException if the next value is not a binary
     */
    public static byte[] readBinary(ByteBuf in) {
        int b = in.readUnsignedByte();
        long length = switch (b) {
            case BIN8 -> in.readUnsignedByte();
            case BIN16 -> in.readUnsignedShort();
            case BIN32 -> in.readUnsignedInt();
            default -> throw new IllegalArgumentException("not a msgpack binary: type byte 0x" + Integer.toHexString(b));
        };
        if (length > in.readableBytes()) {
            throw new IllegalArgumentException("msgpack binary of " + length + " bytes, only " + in.readableBytes() + " left");
        }
        byte[] bytes = new byte[(int) length];
        in.readBytes(bytes);
        return bytes;
    }
}
