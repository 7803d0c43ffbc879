package dev.tractor.wire;

import dev.tractor.ProtocolError;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads msgpack in place from the bytes of one frame: no unpacker, no copy of the frame. Every header is checked
 * against what is left of the frame before anything is allocated for it (a string or binary longer than the bytes
 * left, an array or map with more elements than could fit), values nested deeper than {@link ValueCodec#MAX_DEPTH}
 * are skipped whole without recursion, and a frame that ends too early is a {@link ProtocolError} saying so.
 * Not thread-safe: one per connection, used by its event loop.
 */
final class MsgpackReader {

    /** The msgpack value types, as the error messages name them. */
    enum Type {
        NIL, BOOLEAN, INTEGER, FLOAT, STRING, BINARY, ARRAY, MAP, EXTENSION;

        /** "an integer", "a string"… */
        String described() {
            String name = name().toLowerCase(java.util.Locale.ROOT);
            return switch (this) {
                case ARRAY, EXTENSION, INTEGER -> "an " + name;
                default -> "a " + name;
            };
        }
    }

    /** Caps the up-front allocation for a container, whatever its header claims. */
    private static final int MAX_INITIAL_CAPACITY = 1024;

    private byte[] in;
    private int pos;
    private int start;
    private int end;

    /** Reads {@code length} bytes of {@code bytes} from {@code from}. */
    MsgpackReader reset(byte[] bytes, int from, int length) {
        in = bytes;
        pos = from;
        start = from;
        end = from + length;
        return this;
    }

    /** Drops the reference to the frame's bytes. */
    void clear() {
        in = null;
    }

    /** How many bytes are left after the reader's position. */
    int remaining() {
        return end - pos;
    }

    /** The type of the next value, without moving. */
    Type nextType() {
        need(1);
        return typeOf(in[pos] & 0xff);
    }

    /** Whether the next value is nil, moving past it if so. */
    boolean tryNil() {
        need(1);
        if ((in[pos] & 0xff) == MsgpackBuf.NIL) {
            pos++;
            return true;
        }
        return false;
    }

    static Type typeOf(int b) {
        if (b <= 0x7f || b >= 0xe0) {
            return Type.INTEGER;
        }
        if (b <= 0x8f) {
            return Type.MAP;
        }
        if (b <= 0x9f) {
            return Type.ARRAY;
        }
        if (b <= 0xbf) {
            return Type.STRING;
        }
        return switch (b) {
            case MsgpackBuf.NIL -> Type.NIL;
            case MsgpackBuf.FALSE, MsgpackBuf.TRUE -> Type.BOOLEAN;
            case MsgpackBuf.BIN8, MsgpackBuf.BIN16, MsgpackBuf.BIN32 -> Type.BINARY;
            case 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 -> Type.EXTENSION;
            case MsgpackBuf.FLOAT32, MsgpackBuf.FLOAT64 -> Type.FLOAT;
            case MsgpackBuf.UINT8, MsgpackBuf.UINT16, MsgpackBuf.UINT32, MsgpackBuf.UINT64, MsgpackBuf.INT8,
                 MsgpackBuf.INT16, MsgpackBuf.INT32, MsgpackBuf.INT64 -> Type.INTEGER;
            case MsgpackBuf.STR8, MsgpackBuf.STR16, MsgpackBuf.STR32 -> Type.STRING;
            case MsgpackBuf.ARRAY16, MsgpackBuf.ARRAY32 -> Type.ARRAY;
            case MsgpackBuf.MAP16, MsgpackBuf.MAP32 -> Type.MAP;
            default -> throw new ProtocolError("malformed msgpack: the type byte 0x" + Integer.toHexString(b)
                    + " is never used");
        };
    }

    // ---- bounds

    private void need(long n) {
        if (n > end - pos) {
            throw new ProtocolError("truncated frame: the msgpack data ends before the message does");
        }
    }

    private int u8() {
        need(1);
        return in[pos++] & 0xff;
    }

    private int u16() {
        need(2);
        int v = ((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    private int s32() {
        need(4);
        int v = ((in[pos] & 0xff) << 24) | ((in[pos + 1] & 0xff) << 16) | ((in[pos + 2] & 0xff) << 8) | (in[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    private long s64() {
        long high = s32();
        return (high << 32) | (s32() & 0xffff_ffffL);
    }

    /** {@code n} items of at least {@code bytesEach} bytes must fit in what is left of the frame. */
    private int claim(long n, int bytesEach, String what) {
        long left = end - pos;
        if (n * bytesEach > left) {
            throw new ProtocolError("truncated frame: a msgpack " + what + " claims " + n
                    + (bytesEach == 1 && !what.equals("array") ? " bytes" : " elements") + " but only " + left
                    + " bytes of the " + (end - start) + "-byte frame are left");
        }
        return (int) n;
    }

    // ---- headers

    /** The element count of the next value, which must be an array. */
    int arrayHeader() {
        int b = u8();
        long n;
        if ((b & 0xf0) == 0x90) {
            n = b & 0x0f;
        } else if (b == MsgpackBuf.ARRAY16) {
            n = u16();
        } else if (b == MsgpackBuf.ARRAY32) {
            n = s32() & 0xffff_ffffL;
        } else {
            throw new IllegalStateException("not an array header: 0x" + Integer.toHexString(b));
        }
        return claim(n, 1, "array");
    }

    /** The entry count of the next value, which must be a map. */
    int mapHeader() {
        int b = u8();
        long n;
        if ((b & 0xf0) == 0x80) {
            n = b & 0x0f;
        } else if (b == MsgpackBuf.MAP16) {
            n = u16();
        } else if (b == MsgpackBuf.MAP32) {
            n = s32() & 0xffff_ffffL;
        } else {
            throw new IllegalStateException("not a map header: 0x" + Integer.toHexString(b));
        }
        return claim(n, 2, "map");
    }

    /** The byte length of the next value, which must be a string. */
    private int stringHeader() {
        int b = u8();
        long n;
        if ((b & 0xe0) == 0xa0) {
            n = b & 0x1f;
        } else if (b == MsgpackBuf.STR8) {
            n = u8();
        } else if (b == MsgpackBuf.STR16) {
            n = u16();
        } else if (b == MsgpackBuf.STR32) {
            n = s32() & 0xffff_ffffL;
        } else {
            throw new IllegalStateException("not a string header: 0x" + Integer.toHexString(b));
        }
        return claim(n, 1, "string");
    }

    private int binaryHeader() {
        int b = u8();
        long n = switch (b) {
            case MsgpackBuf.BIN8 -> u8();
            case MsgpackBuf.BIN16 -> u16();
            case MsgpackBuf.BIN32 -> s32() & 0xffff_ffffL;
            default -> throw new IllegalStateException("not a binary header: 0x" + Integer.toHexString(b));
        };
        return claim(n, 1, "binary");
    }

    /**
     * If the next value is a short string (fixstr) equal to one of {@code keys} (each with its header byte), moves
     * past it and gives its index; otherwise -1, without moving.
     */
    int matchKey(byte[][] keys) {
        if (pos >= end) {
            return -1;
        }
        byte header = in[pos];
        int left = end - pos;
        for (int k = 0; k < keys.length; k++) {
            byte[] key = keys[k];
            if (key[0] == header && key.length <= left && sameBytes(key, pos)) {
                pos += key.length;
                return k;
            }
        }
        return -1;
    }

    /** Whether the bytes at {@code at} after the header byte are those of {@code key} (which fit in the frame). */
    private boolean sameBytes(byte[] key, int at) {
        for (int i = 1; i < key.length; i++) {
            if (in[at + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The next value if it is a string of up to 255 bytes (the usual form of an envelope's strings), from
     * {@code strings}; null, without moving, for anything else.
     */
    String shortString(StringCache strings) {
        if (pos >= end) {
            return null;
        }
        int header = in[pos] & 0xff;
        int n;
        int skip;
        if ((header & 0xe0) == 0xa0) {
            n = header & 0x1f;
            skip = 1;
        } else if (header == MsgpackBuf.STR8 && end - pos >= 2) {
            n = in[pos + 1] & 0xff;
            skip = 2;
        } else {
            return null;
        }
        if (n + skip > end - pos) {
            return null;
        }
        String s = strings != null ? strings.read(in, pos + skip, n) : new String(in, pos + skip, n, StandardCharsets.UTF_8);
        pos += n + skip;
        return s;
    }

    // ---- typed reads (the caller has checked the type)

    /** The next value, a string; short ones from {@code strings} when given. */
    String string(StringCache strings) {
        int n = stringHeader();
        String s = strings != null ? strings.read(in, pos, n) : new String(in, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    byte[] binary() {
        int n = binaryHeader();
        byte[] bytes = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return bytes;
    }

    boolean bool() {
        return u8() == MsgpackBuf.TRUE;
    }

    double floating() {
        int b = u8();
        return b == MsgpackBuf.FLOAT32 ? Float.intBitsToFloat(s32()) : Double.longBitsToDouble(s64());
    }

    /** The next value, an integer: an Integer, a Long or (above {@code Long.MAX_VALUE}) a BigInteger. */
    Object integer() {
        int b = u8();
        if (b <= 0x7f || b >= 0xe0) {
            return (int) (byte) b;
        }
        return switch (b) {
            case MsgpackBuf.UINT8 -> u8();
            case MsgpackBuf.UINT16 -> u16();
            case MsgpackBuf.UINT32 -> narrow(s32() & 0xffff_ffffL);
            case MsgpackBuf.UINT64 -> {
                long v = s64();
                yield v >= 0 ? narrow(v) : new BigInteger(Long.toUnsignedString(v));
            }
            case MsgpackBuf.INT8 -> (int) (byte) u8();
            case MsgpackBuf.INT16 -> (int) (short) u16();
            case MsgpackBuf.INT32 -> s32();
            case MsgpackBuf.INT64 -> narrow(s64());
            default -> throw new IllegalStateException("not an integer: 0x" + Integer.toHexString(b));
        };
    }

    private static Object narrow(long l) {
        if (l == (int) l) {
            return (int) l;
        }
        return l;
    }

    // ---- values

    /**
     * The next application value: nil, Boolean, Integer, Long or BigInteger (the smallest that fits), Double,
     * String, byte[], ArrayList, LinkedHashMap. A value that holds an extension type or is nested deeper than
     * {@link ValueCodec#MAX_DEPTH} is skipped whole and read as an {@link Undecodable}.
     */
    Object value() {
        return value(0);
    }

    private Object value(int depth) {
        need(1);
        int b = in[pos] & 0xff;
        if (b <= 0x7f) {
            pos++;
            return b;
        }
        if ((b & 0xe0) == 0xa0) {
            return string(null);
        }
        return switch (typeOf(b)) {
            case NIL -> {
                pos++;
                yield null;
            }
            case BOOLEAN -> bool();
            case INTEGER -> integer();
            case FLOAT -> floating();
            case STRING -> string(null);
            case BINARY -> binary();
            case ARRAY -> depth >= ValueCodec.MAX_DEPTH ? tooDeep() : list(depth + 1);
            case MAP -> depth >= ValueCodec.MAX_DEPTH ? tooDeep() : map(depth + 1);
            case EXTENSION -> {
                skip();
                yield new Undecodable("msgpack extension types are not supported");
            }
        };
    }

    private Undecodable tooDeep() {
        skip();
        return new Undecodable("value nested deeper than " + ValueCodec.MAX_DEPTH + " levels");
    }

    /** A list, or the first {@link Undecodable} inside it (the rest is skipped). */
    private Object list(int inner) {
        int n = arrayHeader();
        List<Object> list = new ArrayList<>(Math.min(n, MAX_INITIAL_CAPACITY));
        for (int i = 0; i < n; i++) {
            Object item = value(inner);
            if (item instanceof Undecodable bad) {
                skip(n - i - 1L);
                return bad;
            }
            list.add(item);
        }
        return list;
    }

    /** A map, or the first {@link Undecodable} inside it (the rest is skipped). */
    private Object map(int inner) {
        int n = mapHeader();
        Map<Object, Object> map = LinkedHashMap.newLinkedHashMap(Math.min(n, MAX_INITIAL_CAPACITY));
        for (int i = 0; i < n; i++) {
            Object key = value(inner);
            if (key instanceof Undecodable bad) {
                skip(2L * (n - i) - 1);
                return bad;
            }
            Object value = value(inner);
            if (value instanceof Undecodable bad) {
                skip(2L * (n - i - 1));
                return bad;
            }
            map.put(key, value);
        }
        return map;
    }

    /** Moves past the next value, however deeply nested, without recursion. */
    void skip() {
        skip(1);
    }

    /** Moves past the next {@code count} values. */
    private void skip(long count) {
        long left = count;
        while (left > 0) {
            left--;
            int b = u8();
            if (b <= 0x7f || b >= 0xe0) {
                continue;
            }
            if (b <= 0x8f) {
                left += 2L * claim(b & 0x0f, 2, "map");
                continue;
            }
            if (b <= 0x9f) {
                left += claim(b & 0x0f, 1, "array");
                continue;
            }
            if (b <= 0xbf) {
                pass(b & 0x1f, "string");
                continue;
            }
            switch (b) {
                case MsgpackBuf.NIL, MsgpackBuf.FALSE, MsgpackBuf.TRUE -> { }
                case MsgpackBuf.BIN8 -> pass(u8(), "binary");
                case MsgpackBuf.BIN16 -> pass(u16(), "binary");
                case MsgpackBuf.BIN32 -> pass(s32() & 0xffff_ffffL, "binary");
                case MsgpackBuf.STR8 -> pass(u8(), "string");
                case MsgpackBuf.STR16 -> pass(u16(), "string");
                case MsgpackBuf.STR32 -> pass(s32() & 0xffff_ffffL, "string");
                case 0xc7 -> pass(u8() + 1L, "extension");
                case 0xc8 -> pass(u16() + 1L, "extension");
                case 0xc9 -> pass((s32() & 0xffff_ffffL) + 1, "extension");
                case MsgpackBuf.FLOAT32, MsgpackBuf.UINT32, MsgpackBuf.INT32 -> pass(4, null);
                case MsgpackBuf.FLOAT64, MsgpackBuf.UINT64, MsgpackBuf.INT64 -> pass(8, null);
                case MsgpackBuf.UINT8, MsgpackBuf.INT8 -> pass(1, null);
                case MsgpackBuf.UINT16, MsgpackBuf.INT16 -> pass(2, null);
                case 0xd4 -> pass(2, null);
                case 0xd5 -> pass(3, null);
                case 0xd6 -> pass(5, null);
                case 0xd7 -> pass(9, null);
                case 0xd8 -> pass(17, null);
                case MsgpackBuf.ARRAY16 -> left += claim(u16(), 1, "array");
                case MsgpackBuf.ARRAY32 -> left += claim(s32() & 0xffff_ffffL, 1, "array");
                case MsgpackBuf.MAP16 -> left += 2L * claim(u16(), 2, "map");
                case MsgpackBuf.MAP32 -> left += 2L * claim(s32() & 0xffff_ffffL, 2, "map");
                default -> typeOf(b);
            }
        }
    }

    /** Moves past {@code n} payload bytes; a claim ({@code what} not null) beyond the frame is named as such. */
    private void pass(long n, String what) {
        if (what != null) {
            claim(n, 1, what);
        } else {
            need(n);
        }
        pos += (int) n;
    }
}
