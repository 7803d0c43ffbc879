package dev.tractor.wire;

import dev.tractor.ActorUid;
import dev.tractor.ProtocolError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.List;
import java.util.Map;

/**
 * Encodes a {@link Msg} as one msgpack map and decodes it back; no framing. The one codec of the wire: the frame
 * decoder, the message writer and the handshake all go through it.
 */
public final class MsgCodec {

    private MsgCodec() {
    }

    /**
     * Appends {@code m} to {@code out} as exactly one msgpack map; on failure nothing is appended.
     *
     * @throws IllegalArgumentException for an {@link Unknown} message or an application value that cannot be written
     */
    public static void encode(Msg m, ByteBuf out) {
        EnvelopeWriter.write(m, out);
    }

    /**
     * Encodes and decodes each kind of message {@code rounds} times, so that a JVM's first real messages find the
     * codec's classes loaded and compiled (a pooled child does this before it is claimed).
     */
    public static void warmUp(int rounds) {
        ActorUid caller = ActorUid.random("warm-up");
        Map<String, Object> kwargs = Map.of("x", 7, "text", "warm", "items", List.of(1, 2.5, true),
                "nested", Map.of("k", new byte[8]));
        List<Msg> samples = List.of(new Cmd("ns", "fn", kwargs, caller, "c-1", 0), new Cmd("ns", "fn", Map.of("x", 1), caller, "c-1"),
                new Functype("c-1", Functype.Kind.ASYNCFUNC), new Return("c-1", kwargs), new Return("c-1", 7),
                new Yield("c-1", 42L), new Started("c-1", "first"), new Stop("c-1"), new Credit("c-1", 128));
        EnvelopeReader reader = new EnvelopeReader(new StringCache());
        ByteBuf buf = Unpooled.buffer(256);
        for (int i = 0; i < rounds; i++) {
            for (Msg m : samples) {
                buf.clear();
                encode(m, buf);
                reader.read(buf, 0, buf.readableBytes());
            }
        }
        buf.release();
    }

    /**
     * Decodes the readable bytes of {@code frame}, which must be exactly one msgpack map, and consumes them.
     *
     * @throws ProtocolError if the frame is empty, truncated, followed by trailing bytes, not a map, or a
     *                       message of a known kind with missing or ill-typed fields
     */
    public static Msg decode(ByteBuf frame) {
        return decode(frame, null);
    }

    /**
     * As {@link #decode(ByteBuf)}, taking the envelope's strings from a connection's {@code strings} cache
     * (null for none).
     */
    public static Msg decode(ByteBuf frame, StringCache strings) {
        Msg m = new EnvelopeReader(strings).read(frame, frame.readerIndex(), frame.readableBytes());
        frame.skipBytes(frame.readableBytes());
        return m;
    }
}
