package dev.tractor.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Map;
import java.util.Optional;

/**
 * Application values to and from msgpack, in place in the frame's buffer. Common types (scalars, strings, byte
 * arrays, maps, collections, arrays) are written directly; anything else (records, POJOs, UUIDs, {@code java.time}
 * values…) is serialized by the JVM's Jackson {@link #mapper()} and its tokens are written as msgpack as they come,
 * with no intermediate maps, so byte arrays stay binary. An {@link Optional} is written as its value or nil.
 * Values are read by {@link MsgpackReader}; the runtime converts them to declared types with the same mapper.
 */
public final class ValueCodec {

    /** Deeper values are refused, so that a hostile frame cannot overflow the stack. */
    static final int MAX_DEPTH = 256;

    private static volatile ObjectMapper mapper = baseMapper();

    private ValueCodec() {
    }

    /**
     * A new mapper with the runtime's defaults: {@code java.time} and {@code Optional} support, dates as ISO-8601
     * text, unknown properties ignored, empty beans allowed.
     */
    public static ObjectMapper baseMapper() {
        return new ObjectMapper()
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module());
    }

    /** The JVM's Jackson mapper, for writing values and converting decoded values to declared types. */
    public static ObjectMapper mapper() {
        return mapper;
    }

    /** Makes {@code m} the JVM's mapper from now on (a customised {@link #baseMapper()}). */
    public static void useMapper(ObjectMapper m) {
        mapper = java.util.Objects.requireNonNull(m, "mapper");
    }

    /**
     * Appends {@code v} to {@code out} as one msgpack value.
     *
     * @throws IllegalArgumentException if {@code v} (or something inside it) cannot be represented; {@code out} may
     *                                  then hold part of the value (the message writer cuts it back)
     */
    public static void write(ByteBuf out, Object v) {
        write(out, v, 0);
    }

    /** {@code v} as msgpack bytes. */
    public static byte[] toBytes(Object v) {
        ByteBuf buf = Unpooled.buffer(64);
        try {
            write(buf, v);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    /**
     * The value in {@code bytes}, read as a message's values are (see {@link MsgpackReader#value()}).
     *
     * @throws dev.tractor.ProtocolError if the bytes are not exactly one well-formed msgpack value
     */
    public static Object fromBytes(byte[] bytes) {
        MsgpackReader r = new MsgpackReader().reset(bytes, 0, bytes.length);
        Object v = r.value();
        if (r.remaining() > 0) {
            throw new dev.tractor.ProtocolError(r.remaining() + " trailing bytes after the value");
        }
        return v;
    }

    private static void write(ByteBuf out, Object v, int depth) {
        if (MsgpackBuf.writeScalar(out, v)) {
            return;
        }
        switch (v) {
            case BigInteger b -> writeBigInteger(out, b);
            case BigDecimal d -> MsgpackBuf.writeDouble(out, d.doubleValue());
            case Character c -> MsgpackBuf.writeString(out, c.toString());
            case Enum<?> e -> MsgpackBuf.writeString(out, e.name());
            case Optional<?> o -> write(out, o.orElse(null), depth);
            case Map<?, ?> m -> writeMap(out, m, nested(depth));
            case Collection<?> c -> writeCollection(out, c, nested(depth));
            case Object[] a -> writeCollection(out, Arrays.asList(a), nested(depth));
            default -> {
                if (v.getClass().isArray()) {
                    writePrimitiveArray(out, v, nested(depth));
                } else {
                    writeMapped(out, v, depth);
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

    private static void writeBigInteger(ByteBuf out, BigInteger b) {
        if (b.bitLength() > 64 || (b.signum() < 0 && b.bitLength() > 63)) {
            throw new IllegalArgumentException("integer does not fit in 64 bits: " + b);
        }
        if (b.bitLength() <= 63) {
            MsgpackBuf.writeLong(out, b.longValue());
        } else {
            out.writeByte(MsgpackBuf.UINT64).writeLong(b.longValue());
        }
    }

    private static void writeMap(ByteBuf out, Map<?, ?> m, int depth) {
        int size = m.size();
        MsgpackBuf.writeMapHeader(out, size);
        int written = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            write(out, e.getKey(), depth);
            write(out, e.getValue(), depth);
            written++;
        }
        checkSize(size, written);
    }

    private static void writeCollection(ByteBuf out, Collection<?> c, int depth) {
        int size = c.size();
        MsgpackBuf.writeArrayHeader(out, size);
        int written = 0;
        for (Object item : c) {
            write(out, item, depth);
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

    private static void writePrimitiveArray(ByteBuf out, Object array, int depth) {
        int length = Array.getLength(array);
        MsgpackBuf.writeArrayHeader(out, length);
        for (int i = 0; i < length; i++) {
            write(out, Array.get(array, i), depth);
        }
    }

    /**
     * A record, POJO or other type, as the mapper serializes it: its tokens, buffered, are written as msgpack (a
     * first pass counts each container's entries, which msgpack puts in front of them).
     */
    private static void writeMapped(ByteBuf out, Object v, int depth) {
        ObjectMapper m = mapper;
        TokenBuffer tokens = new TokenBuffer(m, false);
        try {
            if (m.isEnabled(SerializationFeature.WRAP_ROOT_VALUE)) {
                m.writer().without(SerializationFeature.WRAP_ROOT_VALUE).writeValue(tokens, v);
            } else {
                m.writeValue(tokens, v);
            }
            int[] sizes = containerSizes(tokens);
            try (JsonParser p = tokens.asParser()) {
                p.nextToken();
                writeTokens(out, p, v, sizes, new int[1], depth);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot serialize a " + v.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** The entry count of each object and array of {@code tokens}, in the order they start. */
    private static int[] containerSizes(TokenBuffer tokens) throws IOException {
        int[] sizes = new int[8];
        int containers = 0;
        int[] open = new int[16];
        int depth = 0;
        try (JsonParser p = tokens.asParser()) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        if (depth > 0) {
                            sizes[open[depth - 1]]++;
                        }
                        if (containers == sizes.length) {
                            sizes = Arrays.copyOf(sizes, containers * 2);
                        }
                        if (depth == open.length) {
                            open = Arrays.copyOf(open, depth * 2);
                        }
                        sizes[containers] = 0;
                        open[depth++] = containers++;
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> { }
                    default -> {
                        if (depth > 0) {
                            sizes[open[depth - 1]]++;
                        }
                    }
                }
            }
        }
        return sizes;
    }

    /**
     * Writes the value at the parser's current token and leaves the parser on its last token; {@code next} is the
     * index of the next container in {@code sizes}.
     */
    private static void writeTokens(ByteBuf out, JsonParser p, Object root, int[] sizes, int[] next, int depth)
            throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                int inner = nested(depth);
                MsgpackBuf.writeMapHeader(out, sizes[next[0]++]);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    MsgpackBuf.writeString(out, p.currentName());
                    p.nextToken();
                    writeTokens(out, p, root, sizes, next, inner);
                }
            }
            case START_ARRAY -> {
                int inner = nested(depth);
                MsgpackBuf.writeArrayHeader(out, sizes[next[0]++]);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    writeTokens(out, p, root, sizes, next, inner);
                }
            }
            case VALUE_STRING -> MsgpackBuf.writeString(out, p.getText());
            case VALUE_NUMBER_INT -> {
                switch (p.getNumberType()) {
                    case BIG_INTEGER -> writeBigInteger(out, p.getBigIntegerValue());
                    default -> MsgpackBuf.writeLong(out, p.getLongValue());
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                switch (p.getNumberType()) {
                    case FLOAT -> MsgpackBuf.writeFloat(out, p.getFloatValue());
                    default -> MsgpackBuf.writeDouble(out, p.getDoubleValue());
                }
            }
            case VALUE_TRUE -> MsgpackBuf.writeBoolean(out, true);
            case VALUE_FALSE -> MsgpackBuf.writeBoolean(out, false);
            case VALUE_NULL -> MsgpackBuf.writeNil(out);
            case VALUE_EMBEDDED_OBJECT -> {
                Object embedded = p.getEmbeddedObject();
                if (embedded != null && embedded.getClass() == root.getClass()) {
                    throw new IllegalArgumentException("it serializes as itself");
                }
                write(out, embedded, depth);
            }
            default -> throw new IllegalArgumentException("unexpected token " + t);
        }
    }
}
