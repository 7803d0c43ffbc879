package dev.tractor.wire;

import dev.tractor.ProtocolError;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The former value codec (msgpack-core's packer and unpacker; records and POJOs first converted to maps by the
 * mapper), kept as the reference of the differential tests.
 */
final class ReferenceValues {

    /** Deeper values are refused, so that a hostile frame cannot overflow the stack. */
    static final int MAX_DEPTH = 256;

    private static final int MAX_INITIAL_CAPACITY = 1024;

    /**
     * Writes {@code v} as one msgpack value.
     *
     * @throws IllegalArgumentException if {@code v} (or something inside it) cannot be represented
     */
    public static void pack(MessagePacker p, Object v) {
        try {
            pack(p, v, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one msgpack value: nil, booleans, integers (Integer, Long or BigInteger, the smallest that fits),
     * floats (Double), strings, byte arrays, ArrayLists and LinkedHashMaps. A value that holds an extension type or
     * is nested deeper than {@link #MAX_DEPTH} is skipped whole and read as an {@link Undecodable}: only the call it
     * belongs to fails, not the connection.
     */
    public static Object unpack(MessageUnpacker u) {
        try {
            return unpack(u, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pack(MessagePacker p, Object v, int depth) throws IOException {
        switch (v) {
            case null -> p.packNil();
            case String s -> p.packString(s);
            case Integer i -> p.packInt(i);
            case Long l -> p.packLong(l);
            case Boolean b -> p.packBoolean(b);
            case Double d -> p.packDouble(d);
            case Float f -> p.packFloat(f);
            case Short s -> p.packShort(s);
            case Byte b -> p.packByte(b);
            case BigInteger b -> packBigInteger(p, b);
            case BigDecimal d -> p.packDouble(d.doubleValue());
            case Character c -> p.packString(c.toString());
            case byte[] bytes -> {
                p.packBinaryHeader(bytes.length);
                p.writePayload(bytes);
            }
            case Enum<?> e -> p.packString(e.name());
            case Optional<?> o -> pack(p, o.orElse(null), depth);
            case Map<?, ?> m -> packMap(p, m, nested(depth));
            case Collection<?> c -> packCollection(p, c, nested(depth));
            case Object[] a -> packCollection(p, Arrays.asList(a), nested(depth));
            default -> {
                if (v.getClass().isArray()) {
                    packPrimitiveArray(p, v, nested(depth));
                } else {
                    packConverted(p, v, depth);
                }
            }
        }
    }

    private static int nested(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels");
        }
        return depth + 1;
    }

    private static void packBigInteger(MessagePacker p, BigInteger b) throws IOException {
        if (b.bitLength() > 64 || (b.signum() < 0 && b.bitLength() > 63)) {
            throw new IllegalArgumentException("integer does not fit in 64 bits: " + b);
        }
        p.packBigInteger(b);
    }

    private static void packMap(MessagePacker p, Map<?, ?> m, int depth) throws IOException {
        int size = m.size();
        p.packMapHeader(size);
        int written = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            pack(p, e.getKey(), depth);
            pack(p, e.getValue(), depth);
            written++;
        }
        checkSize(size, written);
    }

    private static void packCollection(MessagePacker p, Collection<?> c, int depth) throws IOException {
        int size = c.size();
        p.packArrayHeader(size);
        int written = 0;
        for (Object item : c) {
            pack(p, item, depth);
            written++;
        }
        checkSize(size, written);
    }

    /** A container that changed while being written would leave a corrupt frame behind. */
    private static void checkSize(int announced, int written) {
        if (announced != written) {
            throw new ConcurrentModificationException("container changed size while being written");
        }
    }

    private static void packPrimitiveArray(MessagePacker p, Object array, int depth) throws IOException {
        int length = Array.getLength(array);
        p.packArrayHeader(length);
        for (int i = 0; i < length; i++) {
            pack(p, Array.get(array, i), depth);
        }
    }

    private static void packConverted(MessagePacker p, Object v, int depth) throws IOException {
        Object plain;
        try {
            plain = ValueCodec.mapper().convertValue(v, Object.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot serialize a " + v.getClass().getName() + ": " + e.getMessage(), e);
        }
        if (plain != null && plain.getClass() == v.getClass()) {
            throw new IllegalArgumentException("cannot serialize a " + v.getClass().getName());
        }
        pack(p, plain, depth);
    }

    private static Object unpack(MessageUnpacker u, int depth) throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f == MessageFormat.NEVER_USED) {
            throw new ProtocolError("invalid msgpack type byte 0xc1");
        }
        return switch (f.getValueType()) {
            case NIL -> {
                u.unpackNil();
                yield null;
            }
            case BOOLEAN -> u.unpackBoolean();
            case INTEGER -> unpackInteger(u, f);
            case FLOAT -> u.unpackDouble();
            case STRING -> ReferenceReader.utf8(u);
            case BINARY -> u.readPayload(u.unpackBinaryHeader());
            case ARRAY, MAP -> {
                if (depth >= MAX_DEPTH) {
                    u.skipValue();
                    yield new Undecodable("value nested deeper than " + MAX_DEPTH + " levels");
                }
                yield f.getValueType() == org.msgpack.value.ValueType.ARRAY ? unpackList(u, depth + 1)
                        : unpackMap(u, depth + 1);
            }
            case EXTENSION -> {
                u.skipValue();
                yield new Undecodable("msgpack extension types are not supported");
            }
        };
    }

    private static Object unpackInteger(MessageUnpacker u, MessageFormat f) throws IOException {
        return switch (f) {
            case UINT64 -> {
                BigInteger b = u.unpackBigInteger();
                yield b.bitLength() < 64 ? narrow(b.longValue()) : b;
            }
            case INT64, UINT32 -> narrow(u.unpackLong());
            default -> u.unpackInt();
        };
    }

    private static Object narrow(long l) {
        if (l == (int) l) {
            return (int) l;
        }
        return l;
    }

    /** A list, or the first {@link Undecodable} inside it (the rest is skipped). */
    private static Object unpackList(MessageUnpacker u, int inner) throws IOException {
        int n = u.unpackArrayHeader();
        List<Object> list = new ArrayList<>(Math.min(n, MAX_INITIAL_CAPACITY));
        for (int i = 0; i < n; i++) {
            Object item = unpack(u, inner);
            if (item instanceof Undecodable bad) {
                u.skipValue(n - i - 1);
                return bad;
            }
            list.add(item);
        }
        return list;
    }

    /** A map, or the first {@link Undecodable} inside it (the rest is skipped). */
    private static Object unpackMap(MessageUnpacker u, int inner) throws IOException {
        int n = u.unpackMapHeader();
        Map<Object, Object> map = LinkedHashMap.newLinkedHashMap(Math.min(n, MAX_INITIAL_CAPACITY));
        for (int i = 0; i < 2 * n; i += 2) {
            Object key = unpack(u, inner);
            if (key instanceof Undecodable bad) {
                u.skipValue(2 * n - i - 1);
                return bad;
            }
            Object value = unpack(u, inner);
            if (value instanceof Undecodable bad) {
                u.skipValue(2 * n - i - 2);
                return bad;
            }
            map.put(key, value);
        }
        return map;
    }
}
