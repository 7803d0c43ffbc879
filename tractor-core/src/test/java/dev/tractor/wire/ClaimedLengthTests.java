package dev.tractor.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ProtocolError;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * A small frame whose msgpack headers claim a large length — a string, a binary, an array or a map inside a
 * value — is refused as truncated without the decoder allocating anything near the claimed length.
 */
class ClaimedLengthTests {

    static final int CLAIMED = 64 << 20;

    static Stream<Arguments> lyingHeaders() {
        return Stream.of(
                Arguments.of("string", (Consumer<MessagePacker>) p -> run(() -> p.packRawStringHeader(CLAIMED))),
                Arguments.of("binary", (Consumer<MessagePacker>) p -> run(() -> p.packBinaryHeader(CLAIMED))),
                Arguments.of("array", (Consumer<MessagePacker>) p -> run(() -> p.packArrayHeader(CLAIMED))),
                Arguments.of("map", (Consumer<MessagePacker>) p -> run(() -> p.packMapHeader(CLAIMED))));
    }

    @ParameterizedTest(name = "a {0} header claiming 64 MiB")
    @MethodSource("lyingHeaders")
    void isRefusedWithoutAllocatingTheClaim(String kind, Consumer<MessagePacker> header) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(2).packString("return");
        header.accept(p);
        p.packString("padding to make a small but plausible frame of a few dozen bytes");
        byte[] frame = p.toByteArray();
        assertThat(frame.length).isLessThan(100);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> MsgCodec.decode(Unpooled.wrappedBuffer(frame)))
                .isInstanceOf(ProtocolError.class).hasMessageContaining("truncated frame");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated decoding a %d-byte frame", frame.length).isLessThan(1 << 20);
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void run(Io io) {
        try {
            io.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
