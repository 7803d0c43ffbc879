package dev.tractor.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorUid;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A new connection's decoder: small frames, one at a time, until the handshake widens it. */
class HandshakeFrameLimitTests {

    static final ActorUid ME = ActorUid.random("me");

    static ByteBuf frames(Msg... msgs) {
        ByteBuf out = Unpooled.buffer();
        for (Msg m : msgs) {
            Frames.write(m, out);
        }
        return out;
    }

    @Test
    void aFrameOverTheHandshakeLimitIsRefusedBeforeItsBytesArrive() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WirePipeline.addHandshakingCodec(ch.pipeline(), 1 << 20);
        ByteBuf header = Unpooled.buffer().writeInt(WirePipeline.HANDSHAKE_MAX_FRAME_BYTES + 1);
        assertThatThrownBy(() -> ch.writeInbound(header)).isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("before the handshake is complete");
        ch.finishAndReleaseAll();
    }

    @Test
    void framesAreHandedOnOneAtATimeSoTheHandshakeCanWidenTheLimitInBetween() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WirePipeline.addHandshakingCodec(ch.pipeline(), 1 << 20);
        FrameDecoder decoder = (FrameDecoder) ch.pipeline().get("frameDecoder");
        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof Auth) {
                    decoder.handshakeDone();
                }
                ctx.fireChannelRead(msg);
            }
        });
        Cmd big = new Cmd("ns", "fn", Map.of("blob", new byte[64 * 1024]), ME, "c-1");
        ch.writeInbound(frames(new Auth(new byte[32]), big));
        assertThat((Object) ch.readInbound()).isInstanceOf(Auth.class);
        Cmd read = ch.readInbound();
        assertThat((byte[]) read.kwargs().get("blob")).hasSize(64 * 1024);
        ch.finishAndReleaseAll();
    }

    @Test
    void aHelloCarriesTheAddressTheDialerReached() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WirePipeline.addHandshakingCodec(ch.pipeline(), 1 << 20);
        Hello hello = new Hello(ME, 2, new byte[32], dev.tractor.Address.tcp("127.0.0.1", 1616));
        ch.writeInbound(frames(hello));
        assertThat((Object) ch.readInbound()).isEqualTo(hello);
        ch.finishAndReleaseAll();
    }
}
