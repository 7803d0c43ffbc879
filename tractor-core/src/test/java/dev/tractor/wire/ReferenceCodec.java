package dev.tractor.wire;

import dev.tractor.ActorUid;
import dev.tractor.ProtocolError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The former general codec (msgpack-core's packer and unpacker), kept as the reference the one codec is compared
 * with: the same messages must give the same bytes, and the same frames the same messages or a rejection.
 */
final class ReferenceCodec {

    private ReferenceCodec() {
    }

    /**
     * Appends {@code m} to {@code out} as exactly one msgpack map; on failure nothing is appended.
     *
     * @throws IllegalArgumentException for an {@link Unknown} message or an application value that cannot be written
     */
    static void encode(Msg m, ByteBuf out) {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        try {
            write(p, m);
            out.writeBytes(p.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes the readable bytes of {@code frame}, which must be exactly one msgpack map, and consumes them.
     *
     * @throws ProtocolError if the frame is empty, truncated, followed by trailing bytes, not a map, or a
     *                       message of a known kind with missing or ill-typed fields
     */
    static Msg decode(ByteBuf frame) {
        int length = frame.readableBytes();
        if (length == 0) {
            throw new ProtocolError("empty frame");
        }
        byte[] bytes;
        int offset;
        if (frame.hasArray()) {
            bytes = frame.array();
            offset = frame.arrayOffset() + frame.readerIndex();
        } else {
            bytes = ByteBufUtil.getBytes(frame);
            offset = 0;
        }
        try (MessageUnpacker u = new ReferenceUnpacker(bytes, offset, length)) {
            Msg m = new ReferenceReader(u).read();
            long trailing = length - u.getTotalReadBytes();
            if (trailing > 0) {
                throw new ProtocolError(trailing + " trailing bytes after the message in a " + length + "-byte frame");
            }
            frame.skipBytes(length);
            return m;
        } catch (MessageInsufficientBufferException | MessageSizeException e) {
            throw new ProtocolError("truncated frame: the msgpack data ends before the message does", e);
        } catch (MessagePackException | IOException e) {
            throw new ProtocolError("malformed msgpack: " + e.getMessage(), e);
        }
    }

    private static void write(MessagePacker p, Msg m) throws IOException {
        switch (m) {
            case Hello h -> {
                p.packMapHeader(1).packString("hello");
                p.packMapHeader(3 + (h.to() == null ? 0 : 1) + (h.window() == 0 ? 0 : 1));
                p.packString("uid");
                uid(p, h.uid());
                p.packString("proto").packInt(h.proto());
                p.packString("nonce");
                binary(p, h.nonce());
                if (h.to() != null) {
                    p.packString("to").packArrayHeader(3).packString(h.to().transport()).packString(h.to().host())
                            .packInt(h.to().port());
                }
                if (h.window() != 0) {
                    p.packString("window").packInt(h.window());
                }
            }
            case Auth a -> {
                p.packMapHeader(1).packString("auth");
                binary(p, a.mac());
            }
            case Cmd c -> {
                p.packMapHeader(c.deadlineMillis() > 0 ? 2 : 1).packString("cmd");
                p.packArrayHeader(5).packString(c.ns()).packString(c.fn());
                ReferenceValues.pack(p, c.kwargs());
                uid(p, c.caller());
                p.packString(c.cid());
                if (c.deadlineMillis() > 0) {
                    p.packString("deadline").packLong(c.deadlineMillis());
                }
            }
            case Functype f -> {
                begin(p, "functype", f.cid()).packString(f.kind().wireName());
                end(p, f.cid());
            }
            case Started s -> value(p, "started", s.cid(), s.value());
            case Yield y -> value(p, "yield", y.cid(), y.value());
            case Return r -> value(p, "return", r.cid(), r.value());
            case Stop s -> {
                begin(p, "stop", s.cid()).packBoolean(true);
                end(p, s.cid());
            }
            case Credit c -> {
                begin(p, "credit", c.cid()).packInt(c.n());
                end(p, c.cid());
            }
            case ErrorMsg e -> {
                begin(p, "error", e.cid());
                errorBox(p, e.box());
                end(p, e.cid());
            }
            case Ping ping -> p.packMapHeader(1).packString("ping").packNil();
            case Unknown u -> throw new IllegalArgumentException("an Unknown message (kind '" + u.kind() + "') cannot be encoded");
        }
    }

    /** The map header and kind key of a message whose {@code "cid"} key, if any, follows its value. */
    private static MessagePacker begin(MessagePacker p, String kind, String cid) throws IOException {
        return p.packMapHeader(cid == null ? 1 : 2).packString(kind);
    }

    private static void end(MessagePacker p, String cid) throws IOException {
        if (cid != null) {
            p.packString("cid").packString(cid);
        }
    }

    private static void value(MessagePacker p, String kind, String cid, Object value) throws IOException {
        begin(p, kind, cid);
        ReferenceValues.pack(p, value);
        end(p, cid);
    }

    private static void errorBox(MessagePacker p, ErrorBox box) throws IOException {
        boolean relayed = !box.relayedBy().isEmpty();
        p.packMapHeader(4 + (relayed ? 1 : 0) + (box.canceller() != null ? 1 : 0) + (box.suppressed().isEmpty() ? 0 : 1));
        p.packString("type").packString(box.type());
        p.packString("message");
        nullableString(p, box.message());
        p.packString("traceback");
        nullableString(p, box.traceback());
        p.packString("src");
        uid(p, box.src());
        if (relayed) {
            p.packString("relayed_by").packArrayHeader(box.relayedBy().size());
            for (ActorUid relay : box.relayedBy()) {
                uid(p, relay);
            }
        }
        if (box.canceller() != null) {
            p.packString("canceller");
            uid(p, box.canceller());
        }
        if (!box.suppressed().isEmpty()) {
            p.packString("suppressed").packArrayHeader(box.suppressed().size());
            for (ErrorBox other : box.suppressed()) {
                errorBox(p, other);
            }
        }
    }

    private static void uid(MessagePacker p, ActorUid uid) throws IOException {
        p.packArrayHeader(2).packString(uid.name()).packString(uid.uuid());
    }

    private static void binary(MessagePacker p, byte[] bytes) throws IOException {
        p.packBinaryHeader(bytes.length).writePayload(bytes);
    }

    private static void nullableString(MessagePacker p, String s) throws IOException {
        if (s == null) {
            p.packNil();
        } else {
            p.packString(s);
        }
    }
}
