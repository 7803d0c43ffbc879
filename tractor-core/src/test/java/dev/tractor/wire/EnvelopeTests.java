package dev.tractor.wire;

import dev.tractor.ActorUid;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class EnvelopeTests {

    static final ActorUid ALICE = new ActorUid("alice", "8a1f6c2e-0000-4000-8000-000000000001");
    static final String LONG_CID = "call-" + "0123456789".repeat(4);

    /** Frames up to this size must take the fast path from a direct buffer too. */
    static final int SMALL_FRAME = 256;

    interface Packing {
        void accept(MessageBufferPacker p) throws IOException;
    }

    static byte[] packed(Packing body) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        body.accept(p);
        return p.toByteArray();
    }

    static byte[] bytes(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static List<Object> scalarValues() {
        return new ArrayList<>(Arrays.asList(null, true, false, 0, -1, 300, -300, Integer.MAX_VALUE,
                Integer.MIN_VALUE, 1L << 40, Long.MIN_VALUE, Long.MAX_VALUE, 1.5d, 2.5f, Double.NaN, (short) -200,
                (byte) 100, "text", "", "x".repeat(100), "y".repeat(40), "héllo ✓ 𝄞", new byte[0], bytes(300),
                bytes(70_000)));
    }

    static List<Object> containerValues() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", Arrays.asList(1, null, "two", 3.5));
        nested.put("inner", Map.of("deep", List.of(List.of(true))));
        nested.put("n", 1L << 40);
        return List.of(List.of(1, "a"), Map.of("k", 1), nested, List.of());
    }

    static List<Msg> messages() {
        List<Msg> messages = new ArrayList<>();
        for (String cid : List.of("c-1", "", "ñ-✓", LONG_CID)) {
            for (Functype.Kind kind : Functype.Kind.values()) {
                messages.add(new Functype(cid, kind));
            }
            List<Object> values = new ArrayList<>(scalarValues());
            values.addAll(containerValues());
            for (Object v : values) {
                messages.add(new Started(cid, v));
                messages.add(new Yield(cid, v));
                messages.add(new Return(cid, v));
            }
            messages.add(new Stop(cid));
            messages.add(new Credit(cid, 0));
            messages.add(new Credit(cid, 1000));
            messages.add(new Credit(cid, Integer.MAX_VALUE));
        }
        return messages;
    }

    static Object valueOf(Msg m) {
        return switch (m) {
            case Started s -> s.value();
            case Yield y -> y.value();
            case Return r -> r.value();
            default -> null;
        };
    }

    static boolean isScalar(Object v) {
        return !(v instanceof List<?> || v instanceof Map<?, ?>);
    }

    static String describe(Object m) {
        String s = m instanceof Msg msg && valueOf(msg) instanceof byte[] b
                ? msg.getClass().getSimpleName() + "(" + msg.cid() + ", byte[" + b.length + "])"
                : String.valueOf(m);
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    /** The general writer's layout, packed by hand. */
    static byte[] reference(Msg m) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(2);
        switch (m) {
            case Functype f -> p.packString("functype").packString(f.kind().wireName());
            case Started s -> ValueCodec.pack(p.packString("started"), s.value());
            case Yield y -> ValueCodec.pack(p.packString("yield"), y.value());
            case Return r -> ValueCodec.pack(p.packString("return"), r.value());
            case Stop s -> p.packString("stop").packBoolean(true);
            case Credit c -> p.packString("credit").packInt(c.n());
            default -> throw new IllegalArgumentException("not an envelope message: " + m);
        }
        p.packString("cid").packString(m.cid());
        return p.toByteArray();
    }

    static byte[] encoded(Msg m) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MsgCodec.encode(m, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Same kind, same cid and an equal value (arrays compared by content). */
    static void assertSameMessage(Object actual, Object expected, String what) {
        assertThat(actual).as(what).isNotNull();
        assertThat(actual.getClass()).as(what).isEqualTo(expected.getClass());
        if (expected instanceof Msg m && (m instanceof Started || m instanceof Yield || m instanceof Return)) {
            assertThat(((Msg) actual).cid()).as(what).isEqualTo(m.cid());
            Object value = valueOf((Msg) actual);
            Object expectedValue = valueOf(m);
            assertThat(value).as(what).isEqualTo(expectedValue);
            if (expectedValue != null) {
                assertThat(value).as(what).hasSameClassAs(expectedValue);
            }
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    static ByteBuf heap(byte[] body) {
        return Unpooled.wrappedBuffer(body);
    }

    static ByteBuf direct(byte[] body) {
        return Unpooled.directBuffer(body.length).writeBytes(body);
    }

    /**
     * The fast reader's answers for {@code body} in a heap and in a direct buffer: each is null or the message the
     * general decoder reads, and a small frame is read the same way from both.
     */
    static Msg[] fastReads(EnvelopeReader reader, byte[] body) {
        ByteBuf h = heap(body);
        ByteBuf d = direct(body);
        try {
            Msg fromHeap = reader.read(h, h.readerIndex(), h.readableBytes());
            Msg fromDirect = reader.read(d, d.readerIndex(), d.readableBytes());
            assertThat(h.readerIndex()).isZero();
            assertThat(d.readerIndex()).isZero();
            for (Msg fast : new Msg[] {fromHeap, fromDirect}) {
                if (fast != null) {
                    assertReadAsTheGeneralDecoderReads(fast, body, describe(fast));
                }
            }
            if (body.length <= SMALL_FRAME) {
                assertThat(fromDirect == null).as("direct declined like heap: %s", describe(fromHeap)).isEqualTo(fromHeap == null);
            }
            return new Msg[] {fromHeap, fromDirect};
        } finally {
            d.release();
        }
    }

    /** The fast reader's answer for {@code body} in a heap buffer (checked as by {@link #fastReads}). */
    static Msg fastRead(EnvelopeReader reader, byte[] body) {
        return fastReads(reader, body)[0];
    }

    static void assertReadAsTheGeneralDecoderReads(Msg fast, byte[] body, String what) {
        Object general = generalDecode(body);
        if (general instanceof RuntimeException e) {
            fail("the reader gave %s but the general decoder threw %s (%s)", describe(fast), e, what);
        }
        assertSameMessage(fast, general, what);
    }

    /** What the general decoder makes of {@code body}: a message or the exception it threw. */
    static Object generalDecode(byte[] body) {
        try {
            return MsgCodec.decode(heap(body));
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Feeds {@code body} as one frame through the pipeline's decoder and checks it agrees with the general decoder. */
    static void assertPipelineAgrees(byte[] body, String what) {
        Object expected = generalDecode(body);
        EmbeddedChannel ch = new EmbeddedChannel();
        WirePipeline.addCodec(ch.pipeline(), 1 << 20);
        try {
            ByteBuf frame = Unpooled.buffer().writeInt(body.length).writeBytes(body);
            Throwable thrown = null;
            try {
                ch.writeInbound(frame);
            } catch (Throwable t) {
                thrown = t;
            }
            if (expected instanceof RuntimeException e) {
                assertThat(thrown).as(what).isInstanceOf(DecoderException.class);
                assertThat(thrown.getCause()).as(what).isInstanceOf(e.getClass()).hasMessage(e.getMessage());
                assertThat(ch.<Msg>readInbound()).as(what).isNull();
            } else {
                assertThat(thrown).as(what).isNull();
                assertSameMessage(ch.readInbound(), expected, what);
                assertThat(ch.<Msg>readInbound()).as(what).isNull();
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void encodingMatchesTheGeneralWriter() throws IOException {
        for (Msg m : messages()) {
            byte[] expected = reference(m);
            for (ByteBuf buf : List.of(Unpooled.buffer(), Unpooled.directBuffer(), Unpooled.buffer(1))) {
                try {
                    buf.writeBytes(new byte[] {9, 9, 9});
                    MsgCodec.encode(m, buf);
                    buf.skipBytes(3);
                    assertThat(ByteBufUtil.getBytes(buf)).as("%s into %s", describe(m), buf).isEqualTo(expected);
                } finally {
                    buf.release();
                }
            }
        }
    }

    @Test
    void fastReaderAgreesWithTheGeneralDecoder() {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        for (Msg m : messages()) {
            byte[] body = encoded(m);
            Msg[] fast = fastReads(reader, body);
            if (isScalar(valueOf(m)) && !m.cid().isEmpty() && m.cid().length() < 32) {
                assertThat(fast[0]).as("fast path for %s from a heap buffer", describe(m)).isNotNull();
                if (body.length <= SMALL_FRAME) {
                    assertThat(fast[1]).as("fast path for %s from a direct buffer", describe(m)).isNotNull();
                }
            }
        }
    }

    @Test
    void commandsWithScalarArgumentsAreWrittenAsTheGeneralWriterDoesAndReadInPlace() throws IOException {
        Map<String, Object> many = new LinkedHashMap<>();
        many.put("s", "text");
        many.put("b", true);
        many.put("n", null);
        many.put("d", 2.5);
        many.put("big", 1L << 40);
        List<Map<String, Object>> argumentSets = List.of(Map.of(), Map.of("x", 41), many, Map.of("tags", List.of("a")));
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        for (Map<String, Object> kwargs : argumentSets) {
            Cmd cmd = new Cmd("calc", "square", kwargs, ALICE, "3f1c2e7a-0000-4000-8000-00000000000a");
            byte[] expected = packed(p -> {
                p.packMapHeader(1).packString("cmd").packArrayHeader(5).packString(cmd.ns()).packString(cmd.fn());
                ValueCodec.pack(p, kwargs);
                p.packArrayHeader(2).packString(ALICE.name()).packString(ALICE.uuid()).packString(cmd.cid());
            });
            byte[] body = encoded(cmd);
            assertThat(body).as("bytes of %s", kwargs.keySet()).isEqualTo(expected);
            Msg[] fast = fastReads(reader, body);
            boolean scalars = kwargs.values().stream().allMatch(v -> !(v instanceof List<?>));
            for (Msg m : fast) {
                if (scalars) {
                    assertThat(m).as("fast path for %s", kwargs.keySet()).isNotNull();
                    assertSameMessage(m, MsgCodec.decode(heap(body)), "cmd " + kwargs.keySet());
                } else {
                    assertThat(m).as("fast path for %s", kwargs.keySet()).isNull();
                }
            }
        }
    }

    @Test
    void fastReaderStaysInsideItsWindow() {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        byte[] next = encoded(new Yield("c-2", 5));
        for (Msg m : messages()) {
            byte[] body = encoded(m);
            for (ByteBuf buf : List.of(Unpooled.buffer(), Unpooled.directBuffer())) {
                try {
                    buf.writeBytes(new byte[] {(byte) 0x82, (byte) 0xa3, 'c'}).writeBytes(body).writeBytes(next);
                    Msg fast = reader.read(buf, 3, body.length);
                    if (fast != null) {
                        assertSameMessage(fast, MsgCodec.decode(heap(body)), describe(m));
                    }
                    assertThat(reader.read(buf, 3, body.length - 1)).as(describe(m)).isNull();
                } finally {
                    buf.release();
                }
            }
        }
    }

    @Test
    void decodedValuesFollowValueCodecTypes() {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        Map<Object, Object> expectations = new LinkedHashMap<>();
        expectations.put(0, 0);
        expectations.put(300, 300);
        expectations.put(-300, -300);
        expectations.put((short) -200, -200);
        expectations.put((byte) 100, 100);
        expectations.put(5L, 5);
        expectations.put(Integer.MAX_VALUE + 1L, Integer.MAX_VALUE + 1L);
        expectations.put(1L << 40, 1L << 40);
        expectations.put(Long.MIN_VALUE, Long.MIN_VALUE);
        expectations.put(1.5d, 1.5d);
        expectations.put(2.5f, 2.5d);
        expectations.put("text", "text");
        expectations.put(true, true);
        for (Map.Entry<Object, Object> e : expectations.entrySet()) {
            Yield fast = (Yield) fastRead(reader, encoded(new Yield("c", e.getKey())));
            assertThat(fast).as("%s", e.getKey()).isNotNull();
            assertThat(fast.value()).as("%s", e.getKey()).isEqualTo(e.getValue()).hasSameClassAs(e.getValue());
        }
        assertThat(((Yield) fastRead(reader, encoded(new Yield("c", 7)))).value()).isInstanceOf(Integer.class);
        assertThat(((Return) fastRead(reader, encoded(new Return("c", 1L << 40)))).value()).isInstanceOf(Long.class);
        assertThat(((Started) fastRead(reader, encoded(new Started("c", 2.5f)))).value()).isInstanceOf(Double.class);
        assertThat((byte[]) ((Yield) fastRead(reader, encoded(new Yield("c", new byte[] {1, 2})))).value())
                .containsExactly(1, 2);
    }

    @Test
    void cidBeforeKindIsRead() throws IOException {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        byte[] yield = packed(p -> p.packMapHeader(2).packString("cid").packString("c-7").packString("yield").packInt(42));
        assertThat(fastRead(reader, yield)).isEqualTo(new Yield("c-7", 42)).isEqualTo(MsgCodec.decode(heap(yield)));
        byte[] functype = packed(p -> p.packMapHeader(2).packString("cid").packString("c-8")
                .packString("functype").packString("asyncgen"));
        assertThat(fastRead(reader, functype)).isEqualTo(new Functype("c-8", Functype.Kind.ASYNCGEN));
        byte[] credit = packed(p -> p.packMapHeader(2).packString("cid").packString("c-9").packString("credit").packInt(3));
        assertThat(fastRead(reader, credit)).isEqualTo(new Credit("c-9", 3));
        assertPipelineAgrees(yield, "cid first");
    }

    static Stream<Arguments> declined() throws IOException {
        byte[] yield = encoded(new Yield("c", 1));
        return Stream.of(
                arguments("duplicate cid", packed(p -> p.packMapHeader(3).packString("yield").packInt(1)
                        .packString("cid").packString("a").packString("cid").packString("b"))),
                arguments("kind cmd", packed(p -> p.packMapHeader(2).packString("cmd").packInt(1).packString("cid").packString("c"))),
                arguments("kind error", packed(p -> p.packMapHeader(2).packString("error").packInt(1).packString("cid").packString("c"))),
                arguments("real error", encoded(new ErrorMsg("c", new ErrorBox("X", "boom", null, ALICE, List.of())))),
                arguments("kind hello", packed(p -> p.packMapHeader(2).packString("hello").packInt(1).packString("cid").packString("c"))),
                arguments("real hello", encoded(new Hello(ALICE, 1, new byte[] {1, 2}))),
                arguments("kind auth", encoded(new Auth(new byte[] {3}))),
                arguments("kind zzz", packed(p -> p.packMapHeader(2).packString("zzz").packInt(1).packString("cid").packString("c"))),
                arguments("kind yields", packed(p -> p.packMapHeader(2).packString("yields").packInt(1).packString("cid").packString("c"))),
                arguments("credit -1", packed(p -> p.packMapHeader(2).packString("credit").packInt(-1).packString("cid").packString("c"))),
                arguments("credit 2^40", packed(p -> p.packMapHeader(2).packString("credit").packLong(1L << 40)
                        .packString("cid").packString("c"))),
                arguments("credit 2^31", packed(p -> p.packMapHeader(2).packString("credit").packLong(1L << 31)
                        .packString("cid").packString("c"))),
                arguments("credit string", packed(p -> p.packMapHeader(2).packString("credit").packString("3")
                        .packString("cid").packString("c"))),
                arguments("credit float", packed(p -> p.packMapHeader(2).packString("credit").packDouble(3)
                        .packString("cid").packString("c"))),
                arguments("functype nonsense", packed(p -> p.packMapHeader(2).packString("functype").packString("nonsense")
                        .packString("cid").packString("c"))),
                arguments("functype int", packed(p -> p.packMapHeader(2).packString("functype").packInt(1)
                        .packString("cid").packString("c"))),
                arguments("missing cid", packed(p -> p.packMapHeader(1).packString("yield").packInt(1))),
                arguments("missing cid, stop", packed(p -> p.packMapHeader(1).packString("stop").packBoolean(true))),
                arguments("cid only", packed(p -> p.packMapHeader(1).packString("cid").packString("c"))),
                arguments("empty map", packed(p -> p.packMapHeader(0))),
                arguments("cid integer", packed(p -> p.packMapHeader(2).packString("yield").packInt(1).packString("cid").packInt(5))),
                arguments("cid nil", packed(p -> p.packMapHeader(2).packString("yield").packInt(1).packString("cid").packNil())),
                arguments("cid first, nil", packed(p -> p.packMapHeader(2).packString("cid").packNil().packString("stop").packBoolean(true))),
                arguments("map16 header", concat(new byte[] {(byte) 0xde, 0, 2}, Arrays.copyOfRange(yield, 1, yield.length))),
                arguments("integer key first", packed(p -> p.packMapHeader(2).packInt(1).packInt(1).packString("cid").packString("c"))),
                arguments("integer key after kind", packed(p -> p.packMapHeader(3).packString("yield").packInt(1)
                        .packInt(7).packInt(2).packString("cid").packString("c"))),
                arguments("str8 key", packed(p -> p.packMapHeader(2).packString("yield").packInt(1)
                        .packString("k".repeat(40)).packInt(2))),
                arguments("trailing byte", concat(yield, new byte[] {0})),
                arguments("trailing map", concat(yield, yield)),
                arguments("uint64 2^63", packed(p -> p.packMapHeader(2).packString("yield")
                        .packBigInteger(BigInteger.ONE.shiftLeft(63)).packString("cid").packString("c"))),
                arguments("uint64 max", packed(p -> p.packMapHeader(2).packString("return")
                        .packBigInteger(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)).packString("cid").packString("c"))),
                arguments("extension value", packed(p -> p.packMapHeader(2).packString("yield")
                        .packExtensionTypeHeader((byte) 1, 1).writePayload(new byte[] {0}).packString("cid").packString("c"))),
                arguments("timestamp value", packed(p -> p.packMapHeader(2).packString("yield")
                        .packTimestamp(1234567L).packString("cid").packString("c"))),
                arguments("never-used byte value", packed(p -> p.packMapHeader(2).packString("yield")
                        .addPayload(new byte[] {(byte) 0xc1}).packString("cid").packString("c"))),
                arguments("never-used byte for stop", packed(p -> p.packMapHeader(2).packString("stop")
                        .addPayload(new byte[] {(byte) 0xc1}).packString("cid").packString("c"))),
                arguments("not a map", packed(p -> p.packArrayHeader(2).packString("yield").packInt(1))),
                arguments("a string", packed(p -> p.packString("yield"))),
                arguments("never-used byte", new byte[] {(byte) 0xc1}),
                arguments("fixmap too long", packed(p -> p.packMapHeader(3).packString("yield").packInt(1)
                        .packString("cid").packString("c"))),
                arguments("string value too long", concat(new byte[] {(byte) 0x82, (byte) 0xa5, 'y', 'i', 'e', 'l', 'd',
                        (byte) 0xdb, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, new byte[] {(byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'})),
                arguments("binary value too long", concat(new byte[] {(byte) 0x82, (byte) 0xa5, 'y', 'i', 'e', 'l', 'd',
                        (byte) 0xc6, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, new byte[] {(byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'})),
                arguments("cid too long", new byte[] {(byte) 0x82, (byte) 0xa5, 'y', 'i', 'e', 'l', 'd', 1, (byte) 0xa3, 'c', 'i', 'd', (byte) 0xbf, 'c'}));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("declined")
    void unusualFramesAreDeclined(String name, byte[] body) {
        assertThat(fastReads(new EnvelopeReader(new StringCache()), body)).as(name).containsOnlyNulls();
        assertPipelineAgrees(body, name);
    }

    static Stream<Arguments> eitherWay() throws IOException {
        byte[] yield = encoded(new Yield("c", 1));
        return Stream.of(
                arguments("cmd with a list argument", encoded(new Cmd("ns", "fn", Map.of("a", List.of(1)), ALICE, "c"))),
                arguments("cmd with a second key", packed(p -> p.packMapHeader(2).packString("cmd").packArrayHeader(5)
                        .packString("ns").packString("fn").packMapHeader(0).packArrayHeader(2).packString("a")
                        .packString("b").packString("c").packString("cid").packString("c"))),
                arguments("long cid", encoded(new Yield(LONG_CID, 1))),
                arguments("map32 header", concat(new byte[] {(byte) 0xdf, 0, 0, 0, 2}, Arrays.copyOfRange(yield, 1, yield.length))),
                arguments("list value", encoded(new Yield("c", List.of(1, 2)))),
                arguments("map value", encoded(new Return("c", Map.of("k", "v")))),
                arguments("stop with list", packed(p -> p.packMapHeader(2).packString("stop").packArrayHeader(1).packInt(1)
                        .packString("cid").packString("c"))),
                arguments("extra key with a map", packed(p -> p.packMapHeader(3).packString("yield").packInt(1)
                        .packString("cid").packString("c").packString("meta").packMapHeader(0))),
                arguments("extra scalar key", packed(p -> p.packMapHeader(3).packString("yield").packInt(1)
                        .packString("cid").packString("c").packString("x").packInt(2))),
                arguments("second kind key", packed(p -> p.packMapHeader(3).packString("yield").packInt(1)
                        .packString("stop").packBoolean(true).packString("cid").packString("c"))),
                arguments("uint64 small", concat(new byte[] {(byte) 0x82, (byte) 0xa5, 'y', 'i', 'e', 'l', 'd',
                        (byte) 0xcf, 0, 0, 0, 0, 0, 0, 0, 5}, new byte[] {(byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'})),
                arguments("int64 small", concat(new byte[] {(byte) 0x82, (byte) 0xa6, 'c', 'r', 'e', 'd', 'i', 't',
                        (byte) 0xd3, 0, 0, 0, 0, 0, 0, 0, 5}, new byte[] {(byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'})),
                arguments("uint32 credit", concat(new byte[] {(byte) 0x82, (byte) 0xa6, 'c', 'r', 'e', 'd', 'i', 't',
                        (byte) 0xce, 0, 0, 0, 5}, new byte[] {(byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'})),
                arguments("uint32 above int", concat(new byte[] {(byte) 0x82, (byte) 0xa5, 'y', 'i', 'e', 'l', 'd',
                        (byte) 0xce, (byte) 0xff, 0, 0, 5}, new byte[] {(byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'})),
                arguments("str8 functype", concat(new byte[] {(byte) 0x82, (byte) 0xa8, 'f', 'u', 'n', 'c', 't', 'y', 'p', 'e',
                        (byte) 0xd9, 7, 'c', 'o', 'n', 't', 'e', 'x', 't'}, new byte[] {(byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'})),
                arguments("str16 value", concat(new byte[] {(byte) 0x82, (byte) 0xa5, 'y', 'i', 'e', 'l', 'd',
                        (byte) 0xda, 0, 2, 'h', 'i'}, new byte[] {(byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'})),
                arguments("bin32 value", concat(new byte[] {(byte) 0x82, (byte) 0xa6, 'r', 'e', 't', 'u', 'r', 'n',
                        (byte) 0xc6, 0, 0, 0, 1, 9}, new byte[] {(byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'})),
                arguments("invalid utf-8 value and cid", new byte[] {(byte) 0x82, (byte) 0xa5, 'y', 'i', 'e', 'l', 'd',
                        (byte) 0xa3, (byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xa3, 'c', 'i', 'd', (byte) 0xa2, (byte) 0xe2, (byte) 0x82}),
                arguments("float32 NaN", new byte[] {(byte) 0x82, (byte) 0xa5, 'y', 'i', 'e', 'l', 'd',
                        (byte) 0xca, 0x7f, (byte) 0xc0, 0, 1, (byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c'}),
                arguments("stop false", packed(p -> p.packMapHeader(2).packString("stop").packBoolean(false)
                        .packString("cid").packString("c"))),
                arguments("stop with a string", packed(p -> p.packMapHeader(2).packString("cid").packString("c")
                        .packString("stop").packString("now"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eitherWay")
    void oddButValidFramesAgree(String name, byte[] body) {
        fastReads(new EnvelopeReader(new StringCache()), body);
        assertPipelineAgrees(body, name);
    }

    @Test
    void everyTruncationIsDeclined() {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        for (Object v : Arrays.asList(7, 300, -129, 1L << 40, Long.MAX_VALUE, 2.5f, 1.5d, "text", "z".repeat(40),
                new byte[] {1, 2, 3}, true, null)) {
            for (Msg m : List.of(new Yield("c-1", v), new Credit("c-1", 70_000), new Functype("c-1", Functype.Kind.CONTEXT))) {
                byte[] whole = encoded(m);
                assertThat(fastRead(reader, whole)).as(describe(m)).isNotNull();
                for (int length = 0; length < whole.length; length++) {
                    byte[] cut = Arrays.copyOf(whole, length);
                    assertThat(fastReads(reader, cut)).as("%s cut to %d bytes", describe(m), length).containsOnlyNulls();
                    assertPipelineAgrees(cut, describe(m) + " cut to " + length);
                }
            }
        }
    }

    @Test
    void frameDecoderSplitsAChunkedStream() {
        List<Msg> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String cid = "c-" + (i / 50);
            if (i % 50 == 0) {
                sent.add(new Cmd("math", "count", Map.of("n", i, "tag", List.of("a", i)), ALICE, cid));
                sent.add(new Functype(cid, Functype.Kind.ASYNCGEN));
            }
            sent.add(new Yield(cid, i % 3 == 0 ? -i : i * 1000));
            if (i % 50 == 49) {
                sent.add(new Stop(cid));
                sent.add(new Credit(cid, i));
            }
            if (i % 97 == 0) {
                sent.add(new ErrorMsg(i % 2 == 0 ? cid : null, new ErrorBox("X", "boom " + i, null, ALICE, List.of())));
            }
        }
        ByteBuf wire = Unpooled.buffer();
        for (Msg m : sent) {
            Frames.write(m, wire);
        }
        int[] chunks = {1, 2, 3, 7, 1000, 4, 5, 13, 64, 4096, 1, 1, 1, 1, 33};

        EmbeddedChannel ch = new EmbeddedChannel();
        WirePipeline.addCodec(ch.pipeline(), 1 << 20);
        List<Msg> received = new ArrayList<>();
        try {
            for (int i = 0; wire.isReadable(); i++) {
                int n = Math.min(chunks[i % chunks.length], wire.readableBytes());
                ByteBuf chunk = i % 2 == 0 ? wire.readRetainedSlice(n) : Unpooled.directBuffer(n).writeBytes(wire, n);
                ch.writeInbound(chunk);
                for (Msg m; (m = ch.readInbound()) != null; ) {
                    received.add(m);
                }
            }
            assertThat(ch.finish()).isFalse();
        } finally {
            wire.release();
            ch.finishAndReleaseAll();
        }

        assertThat(received).containsExactlyElementsOf(sent);
        int sameInstance = 0;
        for (int i = 1; i < received.size(); i++) {
            Msg a = received.get(i - 1);
            Msg b = received.get(i);
            if (a instanceof Yield && b instanceof Yield && a.cid().equals(b.cid())) {
                assertThat(b.cid()).as("cid of message %d", i).isSameAs(a.cid());
                sameInstance++;
            }
        }
        assertThat(sameInstance).isGreaterThan(900);
    }

    @Test
    void fuzzedFramesAreDeclinedOrReadAsTheGeneralDecoderReadsThem() {
        List<byte[]> seeds = new ArrayList<>();
        for (Msg m : messages()) {
            byte[] body = encoded(m);
            if (body.length < 200) {
                seeds.add(body);
            }
        }
        seeds.add(new byte[] {(byte) 0x82, (byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c', (byte) 0xa5, 'y', 'i', 'e', 'l', 'd', 1});
        seeds.add(encoded(new Cmd("ns", "fn", Map.of(), ALICE, "c")));

        int[] interesting = {0x00, 0x01, 0x7f, 0x80, 0x82, 0x8f, 0x90, 0xa0, 0xa3, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3,
                0xc4, 0xc6, 0xca, 0xcb, 0xcc, 0xce, 0xcf, 0xd0, 0xd3, 0xd4, 0xd9, 0xdb, 0xde, 0xdf, 0xe0, 0xff};
        Random random = new Random(20240613L);
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        ByteBuf direct = Unpooled.directBuffer(256);
        int read = 0;
        try {
            for (int round = 0; round < 20_000; round++) {
                byte[] body = seeds.get(random.nextInt(seeds.size()));
                int mutations = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
                for (int k = 0; k < mutations; k++) {
                    body = mutate(body, random, interesting);
                }
                ByteBuf heap = Unpooled.buffer(body.length + 3).writeBytes(new byte[] {1, 2}).writeBytes(body).writeByte(3);
                Msg fast;
                Msg fastDirect;
                try {
                    fast = reader.read(heap, 2, body.length);
                    direct.clear().writeBytes(body);
                    fastDirect = reader.read(direct, 0, body.length);
                } catch (RuntimeException e) {
                    throw new AssertionError("reader threw on " + ByteBufUtil.hexDump(body), e);
                }
                String what = "round " + round + ": " + ByteBufUtil.hexDump(body);
                if (fast != null) {
                    read++;
                    assertReadAsTheGeneralDecoderReads(fast, body, what);
                }
                if (fastDirect != null) {
                    assertReadAsTheGeneralDecoderReads(fastDirect, body, what + " (direct)");
                }
                assertThat(fastDirect == null).as(what).isEqualTo(fast == null);
            }
        } finally {
            direct.release();
        }
        assertThat(read).isGreaterThan(2_000);
    }

    static byte[] mutate(byte[] body, Random random, int[] interesting) {
        int op = random.nextInt(5);
        if (body.length == 0) {
            op = 3;
        }
        int at = random.nextInt(Math.max(body.length, 1));
        switch (op) {
            case 0 -> {
                byte[] b = body.clone();
                b[at] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
            case 1 -> {
                byte[] b = body.clone();
                b[at] = (byte) random.nextInt(256);
                return b;
            }
            case 2 -> {
                byte[] b = body.clone();
                b[at] = (byte) interesting[random.nextInt(interesting.length)];
                return b;
            }
            case 3 -> {
                int where = random.nextInt(body.length + 1);
                byte[] b = new byte[body.length + 1];
                System.arraycopy(body, 0, b, 0, where);
                b[where] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) interesting[random.nextInt(interesting.length)];
                System.arraycopy(body, where, b, where + 1, body.length - where);
                return b;
            }
            default -> {
                byte[] b = new byte[body.length - 1];
                System.arraycopy(body, 0, b, 0, at);
                System.arraycopy(body, at + 1, b, at, body.length - at - 1);
                return b;
            }
        }
    }
}
