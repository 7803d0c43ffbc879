package dev.tractor.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads, in place, the common messages of a call in progress whose value is a scalar ({@code functype},
 * {@code started}, {@code yield}, {@code return}, {@code stop}, {@code credit}): no copy of the frame, no
 * unpacker, the cid from the connection's {@link StringCache}. Anything else, and anything unusual or
 * malformed, it declines (returns null) and {@link MsgCodec}'s general reader decides, so both give the same
 * messages and the same errors. One per connection, used by its event loop.
 */
final class EnvelopeReader {

    private static final Object DECLINED = new Object();

    private static final int NONE = 0;
    private static final int CID = 1;
    private static final int FUNCTYPE = 2;
    private static final int STARTED = 3;
    private static final int YIELD = 4;
    private static final int RETURN = 5;
    private static final int STOP = 6;
    private static final int CREDIT = 7;
    private static final int OTHER = 8;

    private final StringCache strings;
    private ByteBuf in;
    private int pos;
    private int end;

    EnvelopeReader(StringCache strings) {
        this.strings = strings;
    }

    /** The message in {@code length} bytes of {@code buf} from {@code from}, or null to leave it to the general reader. */
    Msg read(ByteBuf buf, int from, int length) {
        in = buf;
        pos = from;
        end = from + length;
        try {
            return envelope();
        } finally {
            in = null;
        }
    }

    private Msg envelope() {
        if (length() < 1) {
            return null;
        }
        int header = in.getUnsignedByte(pos++);
        if ((header & 0xf0) != 0x80) {
            return null;
        }
        int entries = header & 0x0f;
        int kind = NONE;
        Object value = null;
        String cid = null;
        boolean sawCid = false;
        for (int i = 0; i < entries; i++) {
            int key = key();
            if (key == CID) {
                if (sawCid) {
                    return null;
                }
                sawCid = true;
                cid = cid();
                if (cid == null) {
                    return null;
                }
            } else if (kind == NONE) {
                if (key == OTHER || key == NONE) {
                    return null;
                }
                kind = key;
                value = scalar();
            } else if (key == NONE || scalar() == DECLINED) {
                return null;
            }
            if (value == DECLINED) {
                return null;
            }
        }
        if (pos != end || cid == null) {
            return null;
        }
        return message(kind, value, cid);
    }

    private static Msg message(int kind, Object value, String cid) {
        return switch (kind) {
            case YIELD -> new Yield(cid, value);
            case RETURN -> new Return(cid, value);
            case STARTED -> new Started(cid, value);
            case STOP -> new Stop(cid);
            case CREDIT -> value instanceof Integer n && n >= 0 ? new Credit(cid, n) : null;
            case FUNCTYPE -> value instanceof String s ? functype(cid, s) : null;
            default -> null;
        };
    }

    private static Msg functype(String cid, String name) {
        for (Functype.Kind k : Functype.Kind.values()) {
            if (k.wireName().equals(name)) {
                return new Functype(cid, k);
            }
        }
        return null;
    }

    private int length() {
        return end - pos;
    }

    /** Which key comes next (NONE if it is not a short string). */
    private int key() {
        if (length() < 1) {
            return NONE;
        }
        int header = in.getUnsignedByte(pos);
        if ((header & 0xe0) != 0xa0) {
            return NONE;
        }
        int n = header & 0x1f;
        if (length() < n + 1) {
            return NONE;
        }
        int key = switch (n) {
            case 3 -> matches(EnvelopeWriter.CID) ? CID : OTHER;
            case 4 -> matches(EnvelopeWriter.STOP) ? STOP : OTHER;
            case 5 -> matches(EnvelopeWriter.YIELD) ? YIELD : OTHER;
            case 6 -> matches(EnvelopeWriter.RETURN) ? RETURN : matches(EnvelopeWriter.CREDIT) ? CREDIT : OTHER;
            case 7 -> matches(EnvelopeWriter.STARTED) ? STARTED : OTHER;
            case 8 -> matches(EnvelopeWriter.FUNCTYPE) ? FUNCTYPE : OTHER;
            default -> OTHER;
        };
        pos += n + 1;
        return key;
    }

    private boolean matches(byte[] key) {
        for (int i = 1; i < key.length; i++) {
            if (in.getByte(pos + i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    /** A cid: a short string, from the connection's cache; null if it is anything else. */
    private String cid() {
        if (length() < 1) {
            return null;
        }
        int header = in.getUnsignedByte(pos);
        if ((header & 0xe0) != 0xa0) {
            return null;
        }
        int n = header & 0x1f;
        if (length() < n + 1) {
            return null;
        }
        String s = strings.read(in, pos + 1, n);
        pos += n + 1;
        return s;
    }

    /** A scalar value as {@link ValueCodec#unpack} gives it, or {@link #DECLINED} (containers, extensions, big or cut values). */
    private Object scalar() {
        if (length() < 1) {
            return DECLINED;
        }
        int b = in.getUnsignedByte(pos++);
        if (b < 0x80 || b >= 0xe0) {
            return (int) (byte) b;
        }
        if ((b & 0xe0) == 0xa0) {
            return string(b & 0x1f);
        }
        return switch (b) {
            case MsgpackBuf.NIL -> null;
            case MsgpackBuf.FALSE -> Boolean.FALSE;
            case MsgpackBuf.TRUE -> Boolean.TRUE;
            case MsgpackBuf.UINT8 -> has(1) ? (Object) (int) in.getUnsignedByte(advance(1)) : DECLINED;
            case MsgpackBuf.UINT16 -> has(2) ? (Object) in.getUnsignedShort(advance(2)) : DECLINED;
            case MsgpackBuf.UINT32 -> has(4) ? narrow(in.getUnsignedInt(advance(4))) : DECLINED;
            case MsgpackBuf.UINT64 -> has(8) && in.getLong(pos) >= 0 ? narrow(in.getLong(advance(8))) : DECLINED;
            case MsgpackBuf.INT8 -> has(1) ? (Object) (int) in.getByte(advance(1)) : DECLINED;
            case MsgpackBuf.INT16 -> has(2) ? (Object) (int) in.getShort(advance(2)) : DECLINED;
            case MsgpackBuf.INT32 -> has(4) ? (Object) in.getInt(advance(4)) : DECLINED;
            case MsgpackBuf.INT64 -> has(8) ? narrow(in.getLong(advance(8))) : DECLINED;
            case MsgpackBuf.FLOAT32 -> has(4) ? (Object) (double) in.getFloat(advance(4)) : DECLINED;
            case MsgpackBuf.FLOAT64 -> has(8) ? (Object) in.getDouble(advance(8)) : DECLINED;
            case MsgpackBuf.STR8 -> has(1) ? string(in.getUnsignedByte(advance(1))) : DECLINED;
            case MsgpackBuf.STR16 -> has(2) ? string(in.getUnsignedShort(advance(2))) : DECLINED;
            case MsgpackBuf.STR32 -> has(4) ? string(in.getUnsignedInt(advance(4))) : DECLINED;
            case MsgpackBuf.BIN8 -> has(1) ? binary(in.getUnsignedByte(advance(1))) : DECLINED;
            case MsgpackBuf.BIN16 -> has(2) ? binary(in.getUnsignedShort(advance(2))) : DECLINED;
            case MsgpackBuf.BIN32 -> has(4) ? binary(in.getUnsignedInt(advance(4))) : DECLINED;
            default -> DECLINED;
        };
    }

    private boolean has(long n) {
        return length() >= n;
    }

    /** Moves past {@code n} bytes, giving where they start. */
    private int advance(int n) {
        int at = pos;
        pos += n;
        return at;
    }

    private Object string(long n) {
        if (!has(n)) {
            return DECLINED;
        }
        String s = in.toString(pos, (int) n, StandardCharsets.UTF_8);
        pos += (int) n;
        return s;
    }

    private Object binary(long n) {
        if (!has(n)) {
            return DECLINED;
        }
        byte[] bytes = new byte[(int) n];
        in.getBytes(pos, bytes);
        pos += (int) n;
        return bytes;
    }

    private static Object narrow(long l) {
        if (l == (int) l) {
            return (int) l;
        }
        return l;
    }
}
