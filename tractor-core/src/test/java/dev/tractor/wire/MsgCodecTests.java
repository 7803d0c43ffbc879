package dev.tractor.wire;

import dev.tractor.ActorUid;
import dev.tractor.ProtocolError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MsgCodecTests {

    static final ActorUid ALICE = new ActorUid("alice", "8a1f6c2e-0000-4000-8000-000000000001");
    static final ActorUid BOB = new ActorUid("bob", "8a1f6c2e-0000-4000-8000-000000000002");
    static final ActorUid CAROL = new ActorUid("carol", "8a1f6c2e-0000-4000-8000-000000000003");

    record Point(int x, int y, byte[] tag) {
    }

    /** Encodes into a heap and a direct buffer, decodes both, and checks the two results agree. */
    static Msg roundTrip(Msg m) {
        ByteBuf heap = Unpooled.buffer(1);
        ByteBuf direct = Unpooled.directBuffer(1);
        try {
            MsgCodec.encode(m, heap);
            MsgCodec.encode(m, direct);
            assertThat(ByteBufUtil.getBytes(direct)).isEqualTo(ByteBufUtil.getBytes(heap));
            Msg fromHeap = MsgCodec.decode(heap);
            Msg fromDirect = MsgCodec.decode(direct);
            assertThat(heap.isReadable()).isFalse();
            assertThat(direct.isReadable()).isFalse();
            assertThat(fromDirect.getClass()).isEqualTo(fromHeap.getClass());
            return fromHeap;
        } finally {
            heap.release();
            direct.release();
        }
    }

    /** The message as msgpack-core's generic JSON rendering, to check the exact wire layout. */
    static String wireJson(Msg m) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        MsgCodec.encode(m, buf);
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(ByteBufUtil.getBytes(buf))) {
            String json = u.unpackValue().toJson();
            assertThat(u.hasNext()).isFalse();
            return json;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    static Msg decode(byte[] bytes) {
        return MsgCodec.decode(Unpooled.wrappedBuffer(bytes));
    }

    @Test
    void hello() throws IOException {
        Hello hello = new Hello(ALICE, 1, new byte[] {1, 2, 3, (byte) 0xff});
        assertThat(roundTrip(hello)).isEqualTo(hello).hasSameHashCodeAs(hello);
        assertThat(hello.cid()).isNull();
        assertThat(hello.toString()).contains("010203ff");
        assertThat(wireJson(new Hello(ALICE, 1, new byte[0])))
                .isEqualTo("{\"hello\":{\"uid\":[\"alice\",\"" + ALICE.uuid() + "\"],\"proto\":1,\"nonce\":\"\"}}");
    }

    @Test
    void auth() {
        byte[] mac = new byte[32];
        Arrays.fill(mac, (byte) 7);
        Auth auth = new Auth(mac);
        assertThat(roundTrip(auth)).isEqualTo(auth).hasSameHashCodeAs(auth);
        assertThat(auth).isNotEqualTo(new Auth(new byte[32]));
    }

    @Test
    void cmdWithNestedArguments() throws IOException {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, "two", 3.5));
        nested.put("none", null);
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("n", 42);
        kwargs.put("big", Long.MAX_VALUE);
        kwargs.put("pi", 3.14159);
        kwargs.put("text", "héllo ✓");
        kwargs.put("nothing", null);
        kwargs.put("nested", nested);
        kwargs.put("blob", new byte[] {9, 8, 7});
        kwargs.put("point", new Point(1, 2, new byte[] {5}));

        Cmd back = (Cmd) roundTrip(new Cmd("math", "add", kwargs, ALICE, "c-1"));

        assertThat(back.ns()).isEqualTo("math");
        assertThat(back.fn()).isEqualTo("add");
        assertThat(back.caller()).isEqualTo(ALICE);
        assertThat(back.cid()).isEqualTo("c-1");
        assertThat(back.kwargs()).containsOnlyKeys(kwargs.keySet());
        assertThat(back.kwargs())
                .containsEntry("n", 42)
                .containsEntry("big", Long.MAX_VALUE)
                .containsEntry("pi", 3.14159)
                .containsEntry("text", "héllo ✓")
                .containsEntry("nothing", null)
                .containsEntry("nested", nested);
        assertThat((byte[]) back.kwargs().get("blob")).containsExactly(9, 8, 7);
        Map<String, Object> point = asMap(back.kwargs().get("point"));
        assertThat(point).containsEntry("x", 1).containsEntry("y", 2);
        assertThat((byte[]) point.get("tag")).containsExactly(5);

        assertThat(wireJson(new Cmd("self", "ping", Map.of(), BOB, "c-2")))
                .isEqualTo("{\"cmd\":[\"self\",\"ping\",{},[\"bob\",\"" + BOB.uuid() + "\"],\"c-2\"]}");
    }

    @ParameterizedTest
    @EnumSource(Functype.Kind.class)
    void functype(Functype.Kind kind) throws IOException {
        assertThat(roundTrip(new Functype("c-1", kind))).isEqualTo(new Functype("c-1", kind));
        assertThat(wireJson(new Functype("c-1", kind)))
                .isEqualTo("{\"functype\":\"" + kind.wireName() + "\",\"cid\":\"c-1\"}");
        assertThat(Functype.Kind.fromWire(kind.wireName())).isEqualTo(kind);
    }

    @Test
    void unknownFunctypeIsAProtocolError() {
        assertThatThrownBy(() -> Functype.Kind.fromWire("coroutine"))
                .isInstanceOf(ProtocolError.class).hasMessageContaining("coroutine");
    }

    @Test
    void valueMessages() throws IOException {
        List<Object> items = new ArrayList<>(Arrays.asList(1, null, "x", List.of(true, false)));
        assertThat(roundTrip(new Started("c", items))).isEqualTo(new Started("c", items));
        assertThat(roundTrip(new Yield("c", null))).isEqualTo(new Yield("c", null));
        assertThat(roundTrip(new Yield("c", 1L << 40))).isEqualTo(new Yield("c", 1L << 40));
        assertThat(roundTrip(new Return("c", -0.5))).isEqualTo(new Return("c", -0.5));
        Return withBytes = (Return) roundTrip(new Return("c", new byte[] {1, 2}));
        assertThat((byte[]) withBytes.value()).containsExactly(1, 2);

        assertThat(wireJson(new Started("c", 1))).isEqualTo("{\"started\":1,\"cid\":\"c\"}");
        assertThat(wireJson(new Yield("c", "v"))).isEqualTo("{\"yield\":\"v\",\"cid\":\"c\"}");
        assertThat(wireJson(new Return("c", null))).isEqualTo("{\"return\":null,\"cid\":\"c\"}");
    }

    @Test
    void stopAndCredit() throws IOException {
        assertThat(roundTrip(new Stop("c"))).isEqualTo(new Stop("c"));
        assertThat(roundTrip(new Credit("c", 128))).isEqualTo(new Credit("c", 128));
        assertThat(wireJson(new Stop("c"))).isEqualTo("{\"stop\":true,\"cid\":\"c\"}");
        assertThat(wireJson(new Credit("c", 3))).isEqualTo("{\"credit\":3,\"cid\":\"c\"}");
    }

    @Test
    void errorWithCidAndRelays() throws IOException {
        ErrorBox box = ErrorBox.of(new IllegalStateException("boom", new RuntimeException("root cause")), ALICE)
                .relayedThrough(BOB)
                .relayedThrough(CAROL);
        assertThat(box.type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(box.message()).isEqualTo("boom");
        assertThat(box.traceback()).contains("IllegalStateException: boom", "Caused by: java.lang.RuntimeException: root cause");
        assertThat(box.relayedBy()).containsExactly(BOB, CAROL);

        ErrorMsg back = (ErrorMsg) roundTrip(new ErrorMsg("c-9", box));
        assertThat(back).isEqualTo(new ErrorMsg("c-9", box));
        assertThat(wireJson(back)).contains("\"relayed_by\":[[\"bob\",\"" + BOB.uuid() + "\"],[\"carol\",");
    }

    @Test
    void internalErrorWithoutCidOmitsTheKey() throws IOException {
        ErrorBox box = new ErrorBox("dev.tractor.ProtocolError", null, null, ALICE, List.of());
        ErrorMsg internal = new ErrorMsg(null, box);
        assertThat(roundTrip(internal)).isEqualTo(internal);
        assertThat(internal.cid()).isNull();
        assertThat(wireJson(internal)).isEqualTo("{\"error\":{\"type\":\"dev.tractor.ProtocolError\",\"message\":null,"
                + "\"traceback\":null,\"src\":[\"alice\",\"" + ALICE.uuid() + "\"]}}");
    }

    @Test
    void keyOrderDoesNotMatter() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(2).packString("cid").packString("c-7").packString("yield");
        p.packMapHeader(1).packString("k").packArrayHeader(2).packInt(1).packNil();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("k", Arrays.asList(1, null));
        assertThat(decode(p.toByteArray())).isEqualTo(new Yield("c-7", item));

        p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(2).packString("cid").packString("c-8").packString("functype").packString("asyncgen");
        assertThat(decode(p.toByteArray())).isEqualTo(new Functype("c-8", Functype.Kind.ASYNCGEN));

        p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(1).packString("hello").packMapHeader(3);
        p.packString("nonce").packBinaryHeader(1).writePayload(new byte[] {4});
        p.packString("proto").packInt(1);
        p.packString("uid").packArrayHeader(2).packString("bob").packString(BOB.uuid());
        assertThat(decode(p.toByteArray())).isEqualTo(new Hello(BOB, 1, new byte[] {4}));
    }

    @Test
    void unknownKind() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(2).packString("cid").packString("c-1").packString("frobnicate");
        p.packArrayHeader(2).packInt(1).packMapHeader(0);
        assertThat(decode(p.toByteArray())).isEqualTo(new Unknown("frobnicate", "c-1"));

        p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(1).packString("telepathy").packBoolean(true);
        assertThat(decode(p.toByteArray())).isEqualTo(new Unknown("telepathy", null));

        ByteBuf out = Unpooled.buffer();
        out.writeByte(0x42);
        assertThatThrownBy(() -> MsgCodec.encode(new Unknown("frobnicate", null), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frobnicate");
        assertThat(out.readableBytes()).isEqualTo(1);
    }

    @Test
    void failedEncodingLeavesTheBufferUntouched() {
        ByteBuf out = Unpooled.buffer();
        out.writeInt(7);
        Map<String, Object> kwargs = Map.of("bad", new java.math.BigInteger("1").shiftLeft(70));
        assertThatThrownBy(() -> MsgCodec.encode(new Cmd("ns", "fn", kwargs, ALICE, "c"), out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.readableBytes()).isEqualTo(4);
    }

    @Test
    void largeValuesGoThroughUnchanged() {
        byte[] blob = new byte[100_000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) i;
        }
        String text = "x".repeat(70_000) + "é";
        Return back = (Return) roundTrip(new Return("c", List.of(blob, text)));
        List<?> value = (List<?>) back.value();
        assertThat((byte[]) value.get(0)).isEqualTo(blob);
        assertThat(value.get(1)).isEqualTo(text);
    }
}
