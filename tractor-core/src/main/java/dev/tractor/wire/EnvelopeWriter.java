package dev.tractor.wire;

import dev.tractor.ActorUid;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes every message as one msgpack map straight into the buffer: the envelope from pre-encoded keys and
 * {@link MsgpackBuf}, application values by {@link ValueCodec#write}. On failure nothing of the message is left in
 * the buffer.
 */
final class EnvelopeWriter {

    private static final byte[] FUNCTYPE = key("functype");
    private static final byte[] STARTED = key("started");
    private static final byte[] YIELD = key("yield");
    private static final byte[] RETURN = key("return");
    private static final byte[] STOP = key("stop");
    private static final byte[] CREDIT = key("credit");
    private static final byte[] CID = key("cid");
    private static final byte[] CMD = key("cmd");
    private static final byte[] DEADLINE = key("deadline");
    private static final byte[] ERROR = key("error");
    private static final byte[] PING = key("ping");
    private static final byte[] HELLO = key("hello");
    private static final byte[] AUTH = key("auth");

    private EnvelopeWriter() {
    }

    /** A fixstr key with its header byte. */
    private static byte[] key(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[utf8.length + 1];
        key[0] = (byte) (0xa0 | utf8.length);
        System.arraycopy(utf8, 0, key, 1, utf8.length);
        return key;
    }

    /**
     * Appends {@code m} as exactly one msgpack map.
     *
     * @throws IllegalArgumentException for an {@link Unknown} message or an application value that cannot be
     *                                  written (nothing of the message is left in {@code out})
     */
    static void write(Msg m, ByteBuf out) {
        int start = out.writerIndex();
        try {
            switch (m) {
                case Yield y -> value(out, YIELD, y.cid(), y.value());
                case Return r -> value(out, RETURN, r.cid(), r.value());
                case Started s -> value(out, STARTED, s.cid(), s.value());
                case Credit c -> {
                    begin(out, CREDIT, c.cid());
                    MsgpackBuf.writeLong(out, c.n());
                    cid(out, c.cid());
                }
                case Stop s -> {
                    begin(out, STOP, s.cid());
                    MsgpackBuf.writeBoolean(out, true);
                    cid(out, s.cid());
                }
                case Functype f -> {
                    begin(out, FUNCTYPE, f.cid());
                    MsgpackBuf.writeString(out, f.kind().wireName());
                    cid(out, f.cid());
                }
                case Cmd c -> cmd(c, out);
                case ErrorMsg e -> {
                    begin(out, ERROR, e.cid());
                    errorBox(out, e.box());
                    cid(out, e.cid());
                }
                case Ping p -> {
                    out.writeByte(0x81).writeBytes(PING);
                    MsgpackBuf.writeNil(out);
                }
                case Hello h -> hello(h, out);
                case Auth a -> {
                    out.writeByte(0x81).writeBytes(AUTH);
                    MsgpackBuf.writeBinary(out, a.mac());
                }
                case Unknown u -> throw new IllegalArgumentException(
                        "an Unknown message (kind '" + u.kind() + "') cannot be encoded");
            }
        } catch (RuntimeException | StackOverflowError e) {
            out.writerIndex(start);
            throw e;
        }
    }

    private static void cmd(Cmd c, ByteBuf out) {
        out.writeByte(c.deadlineMillis() > 0 ? 0x82 : 0x81).writeBytes(CMD);
        MsgpackBuf.writeArrayHeader(out, 5);
        MsgpackBuf.writeString(out, c.ns());
        MsgpackBuf.writeString(out, c.fn());
        ValueCodec.write(out, c.kwargs());
        uid(out, c.caller());
        MsgpackBuf.writeString(out, c.cid());
        if (c.deadlineMillis() > 0) {
            out.writeBytes(DEADLINE);
            MsgpackBuf.writeLong(out, c.deadlineMillis());
        }
    }

    private static void hello(Hello h, ByteBuf out) {
        out.writeByte(0x81).writeBytes(HELLO);
        MsgpackBuf.writeMapHeader(out, 3 + (h.to() == null ? 0 : 1) + (h.window() == 0 ? 0 : 1));
        MsgpackBuf.writeString(out, "uid");
        uid(out, h.uid());
        MsgpackBuf.writeString(out, "proto");
        MsgpackBuf.writeLong(out, h.proto());
        MsgpackBuf.writeString(out, "nonce");
        MsgpackBuf.writeBinary(out, h.nonce());
        if (h.to() != null) {
            MsgpackBuf.writeString(out, "to");
            MsgpackBuf.writeArrayHeader(out, 3);
            MsgpackBuf.writeString(out, h.to().transport());
            MsgpackBuf.writeString(out, h.to().host());
            MsgpackBuf.writeLong(out, h.to().port());
        }
        if (h.window() != 0) {
            MsgpackBuf.writeString(out, "window");
            MsgpackBuf.writeLong(out, h.window());
        }
    }

    private static void errorBox(ByteBuf out, ErrorBox box) {
        boolean relayed = !box.relayedBy().isEmpty();
        MsgpackBuf.writeMapHeader(out, 4 + (relayed ? 1 : 0) + (box.canceller() != null ? 1 : 0)
                + (box.suppressed().isEmpty() ? 0 : 1));
        MsgpackBuf.writeString(out, "type");
        MsgpackBuf.writeString(out, box.type());
        MsgpackBuf.writeString(out, "message");
        nullableString(out, box.message());
        MsgpackBuf.writeString(out, "traceback");
        nullableString(out, box.traceback());
        MsgpackBuf.writeString(out, "src");
        uid(out, box.src());
        if (relayed) {
            MsgpackBuf.writeString(out, "relayed_by");
            MsgpackBuf.writeArrayHeader(out, box.relayedBy().size());
            for (ActorUid relay : box.relayedBy()) {
                uid(out, relay);
            }
        }
        if (box.canceller() != null) {
            MsgpackBuf.writeString(out, "canceller");
            uid(out, box.canceller());
        }
        if (!box.suppressed().isEmpty()) {
            MsgpackBuf.writeString(out, "suppressed");
            MsgpackBuf.writeArrayHeader(out, box.suppressed().size());
            for (ErrorBox other : box.suppressed()) {
                errorBox(out, other);
            }
        }
    }

    private static void uid(ByteBuf out, ActorUid uid) {
        MsgpackBuf.writeArrayHeader(out, 2);
        MsgpackBuf.writeString(out, uid.name());
        MsgpackBuf.writeString(out, uid.uuid());
    }

    private static void nullableString(ByteBuf out, String s) {
        if (s == null) {
            MsgpackBuf.writeNil(out);
        } else {
            MsgpackBuf.writeString(out, s);
        }
    }

    /** The map header (one entry, or two with a cid) and the kind key. */
    private static void begin(ByteBuf out, byte[] kind, String cid) {
        out.writeByte(cid == null ? 0x81 : 0x82).writeBytes(kind);
    }

    /** The {@code "cid"} entry, if there is a cid. */
    private static void cid(ByteBuf out, String cid) {
        if (cid != null) {
            out.writeBytes(CID);
            MsgpackBuf.writeString(out, cid);
        }
    }

    private static void value(ByteBuf out, byte[] kind, String cid, Object value) {
        begin(out, kind, cid);
        ValueCodec.write(out, value);
        cid(out, cid);
    }
}
