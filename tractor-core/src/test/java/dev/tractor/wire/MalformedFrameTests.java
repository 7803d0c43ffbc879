package dev.tractor.wire;

import dev.tractor.ActorUid;
import dev.tractor.ProtocolError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class MalformedFrameTests {

    static final int MAX = 1024;
    static final ActorUid BOB = new ActorUid("bob", "8a1f6c2e-0000-4000-8000-000000000002");

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WirePipeline.addCodec(ch.pipeline(), MAX);
        channels.add(ch);
        return ch;
    }

    static ByteBuf frame(byte[] body) {
        return Unpooled.buffer().writeInt(body.length).writeBytes(body);
    }

    /** Feeds one frame with this body into a fresh channel and returns the ProtocolError it raised. */
    ProtocolError rejected(byte[] body) {
        EmbeddedChannel ch = channel();
        Throwable thrown = catchFrom(() -> ch.writeInbound(frame(body)));
        assertThat(thrown).isInstanceOf(DecoderException.class).hasCauseInstanceOf(ProtocolError.class);
        assertThat(ch.<Msg>readInbound()).isNull();
        return (ProtocolError) thrown.getCause();
    }

    static Throwable catchFrom(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("nothing was thrown");
    }

    static byte[] packed(Packing body) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        body.accept(p);
        return p.toByteArray();
    }

    interface Packing {
        void accept(MessageBufferPacker p) throws IOException;
    }

    static byte[] validStop() throws IOException {
        return packed(p -> p.packMapHeader(2).packString("stop").packBoolean(true).packString("cid").packString("c"));
    }

    @Test
    void oversizeLengthIsRefusedBeforeTheBodyArrives() {
        EmbeddedChannel ch = channel();
        ByteBuf header = Unpooled.buffer().writeInt(0x8000_0000).writeBytes(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ch.writeInbound(header))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void lengthLimitCountsTheBodyOnly() throws IOException {
        byte[] exactlyMax = packed(p -> {
            p.packMapHeader(2).packString("yield").packBinaryHeader(MAX - 16).writePayload(new byte[MAX - 16]);
            p.packString("cid").packString("c");
        });
        assertThat(exactlyMax).hasSize(MAX);
        EmbeddedChannel ok = channel();
        assertThat(ok.writeInbound(frame(exactlyMax))).isTrue();
        assertThat(ok.<Msg>readInbound()).isInstanceOf(Yield.class);

        EmbeddedChannel tooBig = channel();
        assertThatThrownBy(() -> tooBig.writeInbound(Unpooled.buffer().writeInt(MAX + 1)))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void zeroLength() {
        assertThat(rejected(new byte[0])).hasMessageContaining("empty frame");
    }

    @Test
    void truncatedMsgpack() throws IOException {
        byte[] whole = validStop();
        byte[] cut = Arrays.copyOf(whole, whole.length - 2);
        assertThat(rejected(cut)).hasMessageContaining("truncated");
        byte[] shortBinary = {(byte) 0x81, (byte) 0xa4, 'a', 'u', 't', 'h', (byte) 0xc6, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
        assertThat(rejected(shortBinary)).hasMessageContaining("truncated");
    }

    @Test
    void arrayInsteadOfMap() throws IOException {
        assertThat(rejected(packed(p -> p.packArrayHeader(2).packString("stop").packString("c"))))
                .hasMessageContaining("not a msgpack map but an array");
    }

    @Test
    void trailingGarbage() throws IOException {
        byte[] stop = validStop();
        byte[] body = Arrays.copyOf(stop, stop.length + 3);
        assertThat(rejected(body)).hasMessageContaining("3 trailing bytes");
    }

    @Test
    void invalidTypeByte() {
        assertThat(rejected(new byte[] {(byte) 0xc1})).hasMessageContaining("malformed msgpack");
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> illTyped() {
        return Stream.of(
                arguments("cmd is a string", (Packing) p -> p.packMapHeader(1).packString("cmd").packString("oops"),
                        "cmd must be an array, got a string"),
                arguments("cmd too short", (Packing) p -> p.packMapHeader(1).packString("cmd").packArrayHeader(3)
                        .packString("a").packString("b").packMapHeader(0), "cmd must be a 5-element array"),
                arguments("cmd ns is an int", (Packing) p -> p.packMapHeader(1).packString("cmd").packArrayHeader(5)
                        .packInt(1).packString("fn").packMapHeader(0).packArrayHeader(2).packString("n").packString("u")
                        .packString("c"), "cmd ns must be a string, got an integer"),
                arguments("cmd kwargs key not a string", (Packing) p -> p.packMapHeader(1).packString("cmd").packArrayHeader(5)
                        .packString("ns").packString("fn").packMapHeader(1).packInt(1).packInt(2)
                        .packArrayHeader(2).packString("n").packString("u").packString("c"), "kwargs keys must be strings"),
                arguments("cid is an int", (Packing) p -> p.packMapHeader(2).packString("stop").packBoolean(true)
                        .packString("cid").packInt(5), "cid must be a string, got an integer"),
                arguments("cid missing", (Packing) p -> p.packMapHeader(1).packString("yield").packInt(5),
                        "'yield' message has no cid"),
                arguments("uid with one element", (Packing) p -> p.packMapHeader(1).packString("hello").packMapHeader(3)
                        .packString("uid").packArrayHeader(1).packString("n")
                        .packString("proto").packInt(1).packString("nonce").packBinaryHeader(0),
                        "hello.uid must be a 2-element array"),
                arguments("uid of ints", (Packing) p -> p.packMapHeader(1).packString("hello").packMapHeader(1)
                        .packString("uid").packArrayHeader(2).packInt(1).packInt(2), "hello.uid name must be a string"),
                arguments("proto is a string", (Packing) p -> p.packMapHeader(1).packString("hello").packMapHeader(1)
                        .packString("proto").packString("1"), "hello.proto must be an integer, got a string"),
                arguments("hello without nonce", (Packing) p -> p.packMapHeader(1).packString("hello").packMapHeader(2)
                        .packString("uid").packArrayHeader(2).packString("n").packString("u")
                        .packString("proto").packInt(1), "hello must have uid, proto and nonce"),
                arguments("proto too big", (Packing) p -> p.packMapHeader(1).packString("hello").packMapHeader(1)
                        .packString("proto").packLong(1L << 40), "hello.proto is out of range"),
                arguments("auth is a string", (Packing) p -> p.packMapHeader(1).packString("auth").packString("x"),
                        "auth must be a binary, got a string"),
                arguments("bad functype", (Packing) p -> p.packMapHeader(2).packString("functype").packString("coroutine")
                        .packString("cid").packString("c"), "unknown functype 'coroutine'"),
                arguments("negative credit", (Packing) p -> p.packMapHeader(2).packString("credit").packInt(-1)
                        .packString("cid").packString("c"), "credit must not be negative"),
                arguments("error box without src", (Packing) p -> p.packMapHeader(1).packString("error").packMapHeader(1)
                        .packString("type").packString("X"), "error must have type and src"),
                arguments("relayed_by not an array", (Packing) p -> p.packMapHeader(1).packString("error").packMapHeader(1)
                        .packString("relayed_by").packString("bob"), "error.relayed_by must be an array"),
                arguments("non-string key", (Packing) p -> p.packMapHeader(1).packInt(1).packInt(2),
                        "message key must be a string"),
                arguments("no kind", (Packing) p -> p.packMapHeader(1).packString("cid").packString("c"),
                        "message has no kind key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illTyped")
    void illTypedFields(String name, Packing body, String expected) throws IOException {
        assertThat(rejected(packed(body))).hasMessageContaining(expected);
    }

    @Test
    void validFramesStillDecodeInAFreshChannel() throws IOException {
        rejected(new byte[0]);
        EmbeddedChannel ch = channel();
        assertThat(ch.writeInbound(frame(validStop()))).isTrue();
        assertThat(ch.<Msg>readInbound()).isEqualTo(new Stop("c"));
    }

    @Test
    void framesSplitAcrossReadsAndBackToBack() {
        EmbeddedChannel sender = channel();
        Cmd cmd = new Cmd("self", "ping", Map.of("a", List.of(1, 2)), BOB, "c-1");
        assertThat(sender.writeOutbound(cmd, new Credit("c-1", 5), new Stop("c-1"))).isTrue();
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf out; (out = sender.readOutbound()) != null; ) {
            wire.writeBytes(out);
            out.release();
        }
        ByteBuf body = Unpooled.buffer();
        MsgCodec.encode(cmd, body);
        assertThat(wire.getInt(0)).isEqualTo(body.readableBytes());
        body.release();

        EmbeddedChannel receiver = channel();
        receiver.writeInbound(wire.readRetainedSlice(3));
        assertThat(receiver.<Msg>readInbound()).isNull();
        receiver.writeInbound(wire.readRetainedSlice(20));
        receiver.writeInbound(wire.readRetainedSlice(wire.readableBytes()));
        assertThat(receiver.<Msg>readInbound()).isEqualTo(cmd);
        assertThat(receiver.<Msg>readInbound()).isEqualTo(new Credit("c-1", 5));
        assertThat(receiver.<Msg>readInbound()).isEqualTo(new Stop("c-1"));
        wire.release();
    }
}
