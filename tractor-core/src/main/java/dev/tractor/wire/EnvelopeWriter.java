package dev.tractor.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes the messages of a call ({@code cmd} with scalar arguments, {@code functype}, {@code started},
 * {@code yield}, {@code return}, {@code stop}, {@code credit}) straight into the buffer: the envelope from
 * pre-encoded keys, scalar values by {@link MsgpackBuf}, other values through a packer. The bytes are those
 * {@link MsgCodec}'s general writer produces.
 */
final class EnvelopeWriter {

    static final byte[] FUNCTYPE = key("functype");
    static final byte[] STARTED = key("started");
    static final byte[] YIELD = key("yield");
    static final byte[] RETURN = key("return");
    static final byte[] STOP = key("stop");
    static final byte[] CREDIT = key("credit");
    static final byte[] CID = key("cid");
    static final byte[] CMD = key("cmd");

    private static final int TWO_ENTRIES = 0x82;

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
     * Writes {@code m} if it is one of the kinds above.
     *
     * @return false, writing nothing, for the other kinds
     * @throws IllegalArgumentException if its value cannot be written (nothing of the message is left in {@code out})
     */
    static boolean write(Msg m, ByteBuf out) {
        switch (m) {
            case Yield y -> value(out, YIELD, y.cid(), y.value());
            case Return r -> value(out, RETURN, r.cid(), r.value());
            case Started s -> value(out, STARTED, s.cid(), s.value());
            case Credit c -> {
                begin(out, CREDIT);
                MsgpackBuf.writeLong(out, c.n());
                cid(out, c.cid());
            }
            case Stop s -> {
                begin(out, STOP);
                MsgpackBuf.writeBoolean(out, true);
                cid(out, s.cid());
            }
            case Functype f -> {
                begin(out, FUNCTYPE);
                MsgpackBuf.writeString(out, f.kind().wireName());
                cid(out, f.cid());
            }
            case Cmd c -> {
                return cmd(c, out);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A cmd whose arguments are all scalars; false, writing nothing, for any other. */
    private static boolean cmd(Cmd c, ByteBuf out) {
        if (c.deadlineMillis() > 0) {
            return false;
        }
        int start = out.writerIndex();
        out.writeByte(0x81).writeBytes(CMD);
        MsgpackBuf.writeArrayHeader(out, 5);
        MsgpackBuf.writeString(out, c.ns());
        MsgpackBuf.writeString(out, c.fn());
        MsgpackBuf.writeMapHeader(out, c.kwargs().size());
        int written = 0;
        for (Map.Entry<String, Object> e : c.kwargs().entrySet()) {
            MsgpackBuf.writeString(out, e.getKey());
            if (!MsgpackBuf.writeScalar(out, e.getValue())) {
                out.writerIndex(start);
                return false;
            }
            written++;
        }
        if (written != c.kwargs().size()) {
            out.writerIndex(start);
            return false;
        }
        MsgpackBuf.writeArrayHeader(out, 2);
        MsgpackBuf.writeString(out, c.caller().name());
        MsgpackBuf.writeString(out, c.caller().uuid());
        MsgpackBuf.writeString(out, c.cid());
        return true;
    }

    private static void begin(ByteBuf out, byte[] kind) {
        out.writeByte(TWO_ENTRIES).writeBytes(kind);
    }

    private static void cid(ByteBuf out, String cid) {
        out.writeBytes(CID);
        MsgpackBuf.writeString(out, cid);
    }

    private static void value(ByteBuf out, byte[] kind, String cid, Object value) {
        int start = out.writerIndex();
        begin(out, kind);
        if (!MsgpackBuf.writeScalar(out, value)) {
            MsgCodec.pack(out, start, p -> ValueCodec.pack(p, value));
        }
        cid(out, cid);
    }
}
