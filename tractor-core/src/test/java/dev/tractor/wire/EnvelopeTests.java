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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The one codec against the reference (the former msgpack-core codec, now in the tests only): every message gives
 * the same bytes, and every frame — valid, odd, cut or fuzzed — the same message, or a {@link dev.tractor.ProtocolError}
 * where the reference rejects it too.
 */
class EnvelopeTests {

    static final ActorUid ALICE = new ActorUid("alice", "8a1f6c2e-0000-4000-8000-000000000001");
    static final String LONG_CID = "call-" + "0123456789".repeat(4);

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

    record Point(int x, long y, double score, float ratio, byte[] tag, List<String> names, Map<Integer, String> byId) {
    }

    /** Values the mapper serializes: records, java.time, UUIDs, big numbers, optionals. */
    static List<Object> mappedValues() {
        return List.of(new Point(1, 1L << 40, 0.25, 1.5f, new byte[] {1, 2}, List.of("a", "b"), Map.of(7, "seven")),
                new Point(-1, 0, Double.NaN, 0f, null, null, null), java.util.UUID.fromString("8a1f6c2e-0000-4000-8000-000000000009"),
                java.time.LocalDate.of(2026, 12, 5), java.time.Duration.ofSeconds(90), new java.math.BigDecimal("1.25"),
                BigInteger.ONE.shiftLeft(63), java.util.Optional.of("x"), java.util.Optional.empty(), 'c',
                List.of(new Point(2, 3, 4, 5, new byte[0], List.of(), Map.of())));
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
            for (Object v : mappedValues()) {
                messages.add(new Return(cid, v));
                messages.add(new Yield(cid, v));
            }
            messages.add(new Stop(cid));
            messages.add(new ErrorMsg(cid, new ErrorBox("X", "boom", "trace", ALICE, List.of(ALICE), ALICE,
                    List.of(new ErrorBox("Y", null, null, ALICE, List.of())))));
            messages.add(new Cmd("ns", "fn", Map.of("x", 1, "tags", List.of("a")), ALICE, cid, 1500));
            messages.add(new Credit(cid, 0));
            messages.add(new Credit(cid, 1000));
            messages.add(new Credit(cid, Integer.MAX_VALUE));
        }
        messages.add(new ErrorMsg(null, new ErrorBox("Z", "internal", null, ALICE, List.of())));
        messages.add(Ping.INSTANCE);
        messages.add(new Hello(ALICE, 2, bytes(32)));
        messages.add(new Hello(ALICE, 2, bytes(32), new dev.tractor.Address("tcp", "127.0.0.1", 41234), 512));
        messages.add(new Auth(bytes(32)));
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

    /** The reference codec's bytes for {@code m}. */
    static byte[] reference(Msg m) {
        ByteBuf buf = Unpooled.buffer();
        try {
            ReferenceCodec.encode(m, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
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
            assertSameValue(valueOf((Msg) actual), valueOf(m), what);
        } else if (expected instanceof Cmd c) {
            Cmd a = (Cmd) actual;
            assertThat(new Cmd(a.ns(), a.fn(), Map.of(), a.caller(), a.cid(), a.deadlineMillis())).as(what)
                    .isEqualTo(new Cmd(c.ns(), c.fn(), Map.of(), c.caller(), c.cid(), c.deadlineMillis()));
            assertSameValue(a.kwargs(), c.kwargs(), what);
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    /** Equal values of the same classes, all the way down (byte arrays compared by content). */
    static void assertSameValue(Object actual, Object expected, String what) {
        if (expected == null) {
            assertThat(actual).as(what).isNull();
            return;
        }
        assertThat(actual).as(what).isNotNull().hasSameClassAs(expected);
        switch (expected) {
            case byte[] b -> assertThat((byte[]) actual).as(what).isEqualTo(b);
            case List<?> list -> {
                List<?> a = (List<?>) actual;
                assertThat(a).as(what).hasSameSizeAs(list);
                for (int i = 0; i < list.size(); i++) {
                    assertSameValue(a.get(i), list.get(i), what + " [" + i + "]");
                }
            }
            case Map<?, ?> map -> {
                Map<?, ?> a = (Map<?, ?>) actual;
                assertThat(new ArrayList<Object>(a.keySet())).as(what).isEqualTo(new ArrayList<Object>(map.keySet()));
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    assertSameValue(a.get(e.getKey()), e.getValue(), what + " ." + e.getKey());
                }
            }
            case Double d when d.isNaN() -> assertThat((Double) actual).as(what).isNaN();
            default -> assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    static ByteBuf heap(byte[] body) {
        return Unpooled.wrappedBuffer(body);
    }

    static ByteBuf direct(byte[] body) {
        return Unpooled.directBuffer(body.length).writeBytes(body);
    }

    /**
     * The reader's answers for {@code body} from a heap and from a direct buffer, each a message or the
     * {@link dev.tractor.ProtocolError} it threw (anything else fails the test), checked against the reference.
     */
    static Object[] reads(EnvelopeReader reader, byte[] body) {
        ByteBuf h = heap(body);
        ByteBuf d = direct(body);
        try {
            Object fromHeap = readOrError(reader, h, body);
            Object fromDirect = readOrError(reader, d, body);
            assertThat(h.readerIndex()).isZero();
            assertThat(d.readerIndex()).isZero();
            String what = describe(fromHeap) + " from " + ByteBufUtil.hexDump(body, 0, Math.min(body.length, 64));
            assertAgreesWithTheReference(fromHeap, body, what);
            assertAgreesWithTheReference(fromDirect, body, what + " (direct)");
            return new Object[] {fromHeap, fromDirect};
        } finally {
            d.release();
        }
    }

    static Object readOrError(EnvelopeReader reader, ByteBuf buf, byte[] body) {
        try {
            return reader.read(buf, buf.readerIndex(), buf.readableBytes());
        } catch (dev.tractor.ProtocolError e) {
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError("the reader threw " + e + " on " + ByteBufUtil.hexDump(body), e);
        }
    }

    /** The message {@code body} holds, by the reader (heap buffer), checked against the reference. */
    static Msg read(EnvelopeReader reader, byte[] body) {
        Object m = reads(reader, body)[0];
        assertThat(m).as("read of %s", ByteBufUtil.hexDump(body)).isInstanceOf(Msg.class);
        return (Msg) m;
    }

    /** The reader's answer (a message or a ProtocolError) is the reference decoder's. */
    static void assertAgreesWithTheReference(Object actual, byte[] body, String what) {
        Object expected = referenceDecode(body);
        if (expected instanceof RuntimeException e) {
            assertThat(actual).as("the reference rejected it (%s): %s", e.getMessage(), what)
                    .isInstanceOf(dev.tractor.ProtocolError.class);
        } else {
            if (actual instanceof RuntimeException e) {
                fail("the reader threw %s but the reference read %s (%s)", e, describe(expected), what);
            }
            assertSameMessage(actual, expected, what);
        }
    }

    /** What the reference decoder makes of {@code body}: a message or the exception it threw. */
    static Object referenceDecode(byte[] body) {
        try {
            return ReferenceCodec.decode(heap(body));
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Feeds {@code body} as one frame through the pipeline's decoder and checks it agrees with the general decoder. */
    static void assertPipelineAgrees(byte[] body, String what) {
        Object expected = decodeOrError(body);
        assertAgreesWithTheReference(expected, body, what);
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

    /** What {@link MsgCodec#decode} makes of {@code body}: a message or the ProtocolError it threw. */
    static Object decodeOrError(byte[] body) {
        try {
            return MsgCodec.decode(heap(body));
        } catch (dev.tractor.ProtocolError e) {
            return e;
        }
    }

    @Test
    void encodingMatchesTheReference() {
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
    void everyMessageIsReadAsTheReferenceReadsIt() {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        for (Msg m : messages()) {
            Object[] read = reads(reader, encoded(m));
            assertThat(read[0]).as(describe(m)).isInstanceOf(Msg.class);
            assertThat(read[1]).as(describe(m)).isInstanceOf(Msg.class);
            if (!(m instanceof Started || m instanceof Yield || m instanceof Return)) {
                assertThat(read[0]).as("round trip of %s", describe(m)).isEqualTo(m);
            }
        }
    }

    @Test
    void commandsAreWrittenAsTheReferenceWritesThemAndReadBack() throws IOException {
        Map<String, Object> many = new LinkedHashMap<>();
        many.put("s", "text");
        many.put("b", true);
        many.put("n", null);
        many.put("d", 2.5);
        many.put("big", 1L << 40);
        List<Map<String, Object>> argumentSets = List.of(Map.of(), Map.of("x", 41), many, Map.of("tags", List.of("a")),
                Map.of("nested", Map.of("deep", List.of(Map.of("k", new byte[] {1})))));
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        for (Map<String, Object> kwargs : argumentSets) {
            for (long deadline : new long[] {0, 1, 70_000}) {
                Cmd cmd = new Cmd("calc", "square", kwargs, ALICE, "3f1c2e7a-0000-4000-8000-00000000000a", deadline);
                byte[] body = encoded(cmd);
                assertThat(body).as("bytes of %s", kwargs.keySet()).isEqualTo(reference(cmd));
                Cmd back = (Cmd) read(reader, body);
                assertThat(back.deadlineMillis()).isEqualTo(deadline);
                assertThat(back.kwargs().keySet()).containsExactlyElementsOf(kwargs.keySet());
            }
        }
    }

    @Test
    void readerStaysInsideItsWindow() {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        byte[] next = encoded(new Yield("c-2", 5));
        for (Msg m : messages()) {
            byte[] body = encoded(m);
            for (ByteBuf buf : List.of(Unpooled.buffer(), Unpooled.directBuffer())) {
                try {
                    buf.writeBytes(new byte[] {(byte) 0x82, (byte) 0xa3, 'c'}).writeBytes(body).writeBytes(next);
                    assertSameMessage(reader.read(buf, 3, body.length), ReferenceCodec.decode(heap(body)), describe(m));
                    assertThatThrownBy(() -> reader.read(buf, 3, body.length - 1)).as(describe(m))
                            .isInstanceOf(dev.tractor.ProtocolError.class).hasMessageContaining("truncated");
                } finally {
                    buf.release();
                }
            }
        }
    }

    @Test
    void decodedValuesFollowTheValueTypes() {
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
            Yield fast = (Yield) read(reader, encoded(new Yield("c", e.getKey())));
            assertThat(fast).as("%s", e.getKey()).isNotNull();
            assertThat(fast.value()).as("%s", e.getKey()).isEqualTo(e.getValue()).hasSameClassAs(e.getValue());
        }
        assertThat(((Yield) read(reader, encoded(new Yield("c", 7)))).value()).isInstanceOf(Integer.class);
        assertThat(((Return) read(reader, encoded(new Return("c", 1L << 40)))).value()).isInstanceOf(Long.class);
        assertThat(((Started) read(reader, encoded(new Started("c", 2.5f)))).value()).isInstanceOf(Double.class);
        assertThat((byte[]) ((Yield) read(reader, encoded(new Yield("c", new byte[] {1, 2})))).value())
                .containsExactly(1, 2);
    }

    @Test
    void cidBeforeKindIsRead() throws IOException {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        byte[] yield = packed(p -> p.packMapHeader(2).packString("cid").packString("c-7").packString("yield").packInt(42));
        assertThat(read(reader, yield)).isEqualTo(new Yield("c-7", 42)).isEqualTo(ReferenceCodec.decode(heap(yield)));
        byte[] functype = packed(p -> p.packMapHeader(2).packString("cid").packString("c-8")
                .packString("functype").packString("asyncgen"));
        assertThat(read(reader, functype)).isEqualTo(new Functype("c-8", Functype.Kind.ASYNCGEN));
        byte[] credit = packed(p -> p.packMapHeader(2).packString("cid").packString("c-9").packString("credit").packInt(3));
        assertThat(read(reader, credit)).isEqualTo(new Credit("c-9", 3));
        assertPipelineAgrees(yield, "cid first");
    }

    static Stream<Arguments> unusual() throws IOException {
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
    @MethodSource("unusual")
    void unusualFramesAreReadOrRejectedAsTheReferenceDoes(String name, byte[] body) {
        reads(new EnvelopeReader(new StringCache()), body);
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
                arguments("str8 keys", new byte[] {(byte) 0x82, (byte) 0xd9, 5, 'y', 'i', 'e', 'l', 'd', 7,
                        (byte) 0xd9, 3, 'c', 'i', 'd', (byte) 0xa1, 'c'}),
                arguments("str16 cid key before kind", new byte[] {(byte) 0x82, (byte) 0xda, 0, 3, 'c', 'i', 'd', (byte) 0xa1, 'c',
                        (byte) 0xa6, 'c', 'r', 'e', 'd', 'i', 't', 9}),
                arguments("stop false", packed(p -> p.packMapHeader(2).packString("stop").packBoolean(false)
                        .packString("cid").packString("c"))),
                arguments("stop with a string", packed(p -> p.packMapHeader(2).packString("cid").packString("c")
                        .packString("stop").packString("now"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eitherWay")
    void oddButValidFramesAreReadAsTheReferenceReadsThem(String name, byte[] body) {
        assertThat(reads(new EnvelopeReader(new StringCache()), body)).as(name).allSatisfy(m -> assertThat(m).isInstanceOf(Msg.class));
        assertPipelineAgrees(body, name);
    }

    @Test
    void everyTruncationIsRejected() {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        List<Msg> messages = new ArrayList<>();
        for (Object v : Arrays.asList(7, 300, -129, 1L << 40, Long.MAX_VALUE, 2.5f, 1.5d, "text", "z".repeat(40),
                new byte[] {1, 2, 3}, true, null, List.of(1, "a"), Map.of("k", List.of()))) {
            messages.add(new Yield("c-1", v));
        }
        messages.add(new Credit("c-1", 70_000));
        messages.add(new Functype("c-1", Functype.Kind.CONTEXT));
        messages.add(new Cmd("ns", "fn", Map.of("x", List.of(1)), ALICE, "c-1", 5));
        messages.add(new ErrorMsg("c-1", new ErrorBox("X", "boom", null, ALICE, List.of(ALICE))));
        messages.add(new Hello(ALICE, 2, bytes(32), new dev.tractor.Address("uds", "/tmp/x.sock", 0), 64));
        for (Msg m : messages) {
            byte[] whole = encoded(m);
            read(reader, whole);
            for (int length = 0; length < whole.length; length++) {
                byte[] cut = Arrays.copyOf(whole, length);
                Object[] read = reads(reader, cut);
                assertThat(read).as("%s cut to %d bytes", describe(m), length)
                        .allSatisfy(r -> assertThat(r).isInstanceOf(dev.tractor.ProtocolError.class));
                assertThat(((RuntimeException) read[0]).getMessage()).as("%s cut to %d bytes", describe(m), length)
                        .containsAnyOf("truncated", "empty frame");
                assertPipelineAgrees(cut, describe(m) + " cut to " + length);
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

        List<ByteBuf> pieces = new ArrayList<>();
        for (int i = 0; wire.isReadable(); i++) {
            int n = Math.min(chunks[i % chunks.length], wire.readableBytes());
            pieces.add(i % 2 == 0 ? wire.readRetainedSlice(n) : Unpooled.directBuffer(n).writeBytes(wire, n));
        }
        wire.release();
        List<Msg> received = decodeInPipeline(1 << 20, pieces);

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

    /** What the connection's codec decodes from {@code chunks}, fed to it one by one; each chunk is released. */
    private static List<Msg> decodeInPipeline(int maxFrameBytes, List<ByteBuf> chunks) {
        EmbeddedChannel ch = new EmbeddedChannel();
        WirePipeline.addCodec(ch.pipeline(), maxFrameBytes);
        List<Msg> received = new ArrayList<>();
        int fed = 0;
        try {
            for (ByteBuf chunk : chunks) {
                fed++;
                ch.writeInbound(chunk);
                for (Msg m; (m = ch.readInbound()) != null; ) {
                    received.add(m);
                }
            }
            assertThat(ch.finish()).isFalse();
        } finally {
            chunks.subList(fed, chunks.size()).forEach(ByteBuf::release);
            ch.finishAndReleaseAll();
        }
        return received;
    }

    @Test
    void largeFramesInADirectBufferAreReadWhole() {
        int[] sizes = {70_000, 3_000, 200_000, 1_500, 2_000_000, 65_536, 1_025};
        List<Msg> sent = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] blob = new byte[sizes[i]];
            for (int j = 0; j < blob.length; j++) {
                blob[j] = (byte) (j * 31 + i);
            }
            sent.add(new Yield("c-" + i, blob));
            sent.add(new Return("r-" + i, "x".repeat(sizes[i] / 2) + i));
        }
        ByteBuf wire = Unpooled.directBuffer();
        for (Msg m : sent) {
            Frames.write(m, wire);
        }

        List<Msg> received = decodeInPipeline(1 << 22, List.of(wire));

        assertThat(received).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertSameMessage(received.get(i), sent.get(i), "message " + i);
        }
    }

    @Test
    void aCutFrameIsRejectedThoughTheReusedArrayHoldsALongerOnesBytes() {
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        byte[] longer = encoded(new Yield("c-1", new byte[100_000]));
        assertThat(reads(reader, longer)[1]).isInstanceOf(Yield.class);

        byte[] whole = encoded(new Yield("c-2", new byte[90_000]));
        byte[] cut = Arrays.copyOf(whole, 50_000);
        Object[] answers = reads(reader, cut);
        assertThat(answers[1]).as("read from a direct buffer").isInstanceOf(dev.tractor.ProtocolError.class);

        byte[] small = encoded(new Yield("c-3", "after"));
        assertThat(((Yield) reads(reader, small)[1]).value()).isEqualTo("after");
    }

    @Test
    void fuzzedFramesAreReadOrRejectedAsTheReferenceDoes() {
        List<byte[]> seeds = new ArrayList<>();
        for (Msg m : messages()) {
            byte[] body = encoded(m);
            if (body.length < 300) {
                seeds.add(body);
            }
        }
        seeds.add(new byte[] {(byte) 0x82, (byte) 0xa3, 'c', 'i', 'd', (byte) 0xa1, 'c', (byte) 0xa5, 'y', 'i', 'e', 'l', 'd', 1});
        seeds.add(encoded(new Cmd("ns", "fn", Map.of(), ALICE, "c")));

        int[] interesting = {0x00, 0x01, 0x7f, 0x80, 0x82, 0x8f, 0x90, 0xa0, 0xa3, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3,
                0xc4, 0xc6, 0xc7, 0xca, 0xcb, 0xcc, 0xce, 0xcf, 0xd0, 0xd3, 0xd4, 0xd9, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff};
        Random random = new Random(20240613L);
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        ByteBuf direct = Unpooled.directBuffer(256);
        int read = 0;
        int rejected = 0;
        try {
            for (int round = 0; round < 20_000; round++) {
                byte[] body = seeds.get(random.nextInt(seeds.size()));
                int mutations = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
                for (int k = 0; k < mutations; k++) {
                    body = mutate(body, random, interesting);
                }
                ByteBuf heap = Unpooled.buffer(body.length + 3).writeBytes(new byte[] {1, 2}).writeBytes(body).writeByte(3);
                direct.clear().writeBytes(body);
                Object fromHeap;
                Object fromDirect;
                try {
                    fromHeap = reader.read(heap, 2, body.length);
                } catch (dev.tractor.ProtocolError e) {
                    fromHeap = e;
                } catch (RuntimeException e) {
                    throw new AssertionError("reader threw on " + ByteBufUtil.hexDump(body), e);
                }
                try {
                    fromDirect = reader.read(direct, 0, body.length);
                } catch (dev.tractor.ProtocolError e) {
                    fromDirect = e;
                } catch (RuntimeException e) {
                    throw new AssertionError("reader threw on " + ByteBufUtil.hexDump(body) + " (direct)", e);
                }
                String what = "round " + round + ": " + ByteBufUtil.hexDump(body);
                assertAgreesWithTheReference(fromHeap, body, what);
                assertAgreesWithTheReference(fromDirect, body, what + " (direct)");
                if (fromHeap instanceof Msg) {
                    read++;
                } else {
                    rejected++;
                }
            }
        } finally {
            direct.release();
        }
        assertThat(read).isGreaterThan(2_000);
        assertThat(rejected).isGreaterThan(2_000);
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
