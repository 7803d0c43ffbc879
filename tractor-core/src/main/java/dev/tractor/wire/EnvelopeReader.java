package dev.tractor.wire;

import dev.tractor.ActorUid;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads, in place, the common messages of a call whose values are scalars ({@code cmd}, {@code functype},
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
    private static final int CMD = 8;
    private static final int OTHER = 9;

    /** Frames up to this size in a buffer without an accessible array are copied here to be read. */
    private static final int SCRATCH_BYTES = 1024;

    private final StringCache strings;
    private final byte[] scratch = new byte[SCRATCH_BYTES];
    private byte[] in;
    private int pos;
    private int end;

    EnvelopeReader(StringCache strings) {
        this.strings = strings;
    }

    /** The message in {@code length} bytes of {@code buf} from {@code from}, or null to leave it to the general reader. */
    Msg read(ByteBuf buf, int from, int length) {
        if (buf.hasArray()) {
            in = buf.array();
            pos = buf.arrayOffset() + from;
        } else if (length <= SCRATCH_BYTES) {
            buf.getBytes(from, scratch, 0, length);
            in = scratch;
            pos = 0;
        } else {
            return null;
        }
        end = pos + length;
        try {
            return envelope();
        } finally {
            in = null;
        }
    }

    private int u8(int at) {
        return in[at] & 0xff;
    }

    private int u16(int at) {
        return (u8(at) << 8) | u8(at + 1);
    }

    private int s32(int at) {
        return (u16(at) << 16) | u16(at + 2);
    }

    private long s64(int at) {
        return ((long) s32(at) << 32) | (s32(at + 4) & 0xffff_ffffL);
    }

    private Msg envelope() {
        if (length() < 1) {
            return null;
        }
        int header = u8(pos++);
        if ((header & 0xf0) != 0x80) {
            return null;
        }
        int entries = header & 0x0f;
        if (entries == 1 && length() > 4 && u8(pos) == (0xa0 | 3) && matches(EnvelopeWriter.CMD)) {
            pos += EnvelopeWriter.CMD.length;
            Msg cmd = cmd();
            return pos == end ? cmd : null;
        }
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
                cid = shortString();
                if (cid == null) {
                    return null;
                }
            } else if (kind == NONE) {
                if (key == OTHER || key == NONE || key == CMD) {
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

    /** The body of a cmd with scalar arguments, or null. */
    private Msg cmd() {
        if (length() < 1 || u8(pos++) != (0x90 | 5)) {
            return null;
        }
        String ns = shortString();
        String fn = ns == null ? null : shortString();
        if (fn == null || length() < 1) {
            return null;
        }
        int header = u8(pos++);
        if ((header & 0xf0) != 0x80) {
            return null;
        }
        int n = header & 0x0f;
        Map<String, Object> kwargs = LinkedHashMap.newLinkedHashMap(n);
        for (int i = 0; i < n; i++) {
            String name = shortString();
            Object value = name == null ? DECLINED : scalar();
            if (value == DECLINED) {
                return null;
            }
            kwargs.put(name, value);
        }
        if (length() < 1 || u8(pos++) != (0x90 | 2)) {
            return null;
        }
        String name = shortString();
        String uuid = name == null ? null : shortString();
        String cid = uuid == null ? null : shortString();
        return cid == null ? null : new Cmd(ns, fn, kwargs, new ActorUid(name, uuid), cid);
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
        int header = u8(pos);
        if ((header & 0xe0) != 0xa0) {
            return NONE;
        }
        int n = header & 0x1f;
        if (length() < n + 1) {
            return NONE;
        }
        int key = switch (n) {
            case 3 -> matches(EnvelopeWriter.CID) ? CID : matches(EnvelopeWriter.CMD) ? CMD : OTHER;
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
            if (in[pos + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    /** A string of up to 255 bytes, from the connection's cache; null if the next value is anything else. */
    private String shortString() {
        if (length() < 2) {
            return null;
        }
        int header = u8(pos);
        int n;
        int skip;
        if ((header & 0xe0) == 0xa0) {
            n = header & 0x1f;
            skip = 1;
        } else if (header == MsgpackBuf.STR8) {
            n = u8(pos + 1);
            skip = 2;
        } else {
            return null;
        }
        if (length() < n + skip) {
            return null;
        }
        String s = strings.read(in, pos + skip, n);
        pos += n + skip;
        return s;
    }

    /** A scalar value as {@link ValueCodec#unpack} gives it, or {@link #DECLINED} (containers, extensions, big or cut values). */
    private Object scalar() {
        if (length() < 1) {
            return DECLINED;
        }
        int b = u8(pos++);
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
            case MsgpackBuf.UINT8 -> has(1) ? (Object) u8(advance(1)) : DECLINED;
            case MsgpackBuf.UINT16 -> has(2) ? (Object) u16(advance(2)) : DECLINED;
            case MsgpackBuf.UINT32 -> has(4) ? narrow(s32(advance(4)) & 0xffff_ffffL) : DECLINED;
            case MsgpackBuf.UINT64 -> has(8) && s64(pos) >= 0 ? narrow(s64(advance(8))) : DECLINED;
            case MsgpackBuf.INT8 -> has(1) ? (Object) (int) in[advance(1)] : DECLINED;
            case MsgpackBuf.INT16 -> has(2) ? (Object) (int) (short) u16(advance(2)) : DECLINED;
            case MsgpackBuf.INT32 -> has(4) ? (Object) s32(advance(4)) : DECLINED;
            case MsgpackBuf.INT64 -> has(8) ? narrow(s64(advance(8))) : DECLINED;
            case MsgpackBuf.FLOAT32 -> has(4) ? (Object) (double) Float.intBitsToFloat(s32(advance(4))) : DECLINED;
            case MsgpackBuf.FLOAT64 -> has(8) ? (Object) Double.longBitsToDouble(s64(advance(8))) : DECLINED;
            case MsgpackBuf.STR8 -> has(1) ? string(u8(advance(1))) : DECLINED;
            case MsgpackBuf.STR16 -> has(2) ? string(u16(advance(2))) : DECLINED;
            case MsgpackBuf.STR32 -> has(4) ? string(s32(advance(4)) & 0xffff_ffffL) : DECLINED;
            case MsgpackBuf.BIN8 -> has(1) ? binary(u8(advance(1))) : DECLINED;
            case MsgpackBuf.BIN16 -> has(2) ? binary(u16(advance(2))) : DECLINED;
            case MsgpackBuf.BIN32 -> has(4) ? binary(s32(advance(4)) & 0xffff_ffffL) : DECLINED;
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
        String s = new String(in, pos, (int) n, StandardCharsets.UTF_8);
        pos += (int) n;
        return s;
    }

    private Object binary(long n) {
        if (!has(n)) {
            return DECLINED;
        }
        byte[] bytes = Arrays.copyOfRange(in, pos, pos + (int) n);
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
