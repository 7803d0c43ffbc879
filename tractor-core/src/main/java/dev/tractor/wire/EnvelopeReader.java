package dev.tractor.wire;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.ProtocolError;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one message from a frame where it lies in the receive buffer, checking the shape of every field of the
 * known kinds: the envelope's strings (keys, cids, names) from the connection's {@link StringCache}, application
 * values by {@link MsgpackReader}. A frame that is not exactly one well-formed message map is a
 * {@link ProtocolError} naming what is wrong. One per connection, used by its event loop.
 */
final class EnvelopeReader {

    /**
     * A frame in a buffer without an accessible array is copied, if at most this long, into an array kept by the
     * reading thread (the connection's event loop) and reused: nothing read from a frame keeps a reference to its
     * bytes, and a thread reads one frame at a time. The array starts at 1 KiB and grows with the frames.
     */
    private static final int SCRATCH_LIMIT = 1024 * 1024;
    private static final int SCRATCH_INITIAL = 1024;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>();

    /** A message whose value has been read, waiting for its {@code "cid"}, which may come later in the map. */
    private interface Pending {
        Msg withCid(String cid);
    }

    /** The keys of the message map, most frequent first; read without decoding a string. */
    private static final String[] KEYS = {"cid", "yield", "credit", "return", "started", "stop", "functype", "cmd",
            "deadline", "error", "ping", "hello", "auth"};
    private static final int UNKNOWN = -1;
    private static final int CID = 0;
    private static final int YIELD = 1;
    private static final int CREDIT = 2;
    private static final int RETURN = 3;
    private static final int STARTED = 4;
    private static final int STOP = 5;
    private static final int FUNCTYPE = 6;
    private static final int DEADLINE = 8;
    private static final byte[][] KEY_BYTES = new byte[KEYS.length][];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            byte[] utf8 = KEYS[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            KEY_BYTES[i] = new byte[utf8.length + 1];
            KEY_BYTES[i][0] = (byte) (0xa0 | utf8.length);
            System.arraycopy(utf8, 0, KEY_BYTES[i], 1, utf8.length);
        }
    }

    private final StringCache strings;
    private final MsgpackReader r = new MsgpackReader();

    /** A reader whose envelope strings come from {@code strings} (null: each string is decoded anew). */
    EnvelopeReader(StringCache strings) {
        this.strings = strings;
    }

    /**
     * The message in {@code length} bytes of {@code buf} from {@code from}; the buffer's indexes are not moved.
     *
     * @throws ProtocolError if the bytes are empty, truncated, followed by trailing bytes, not a map, or a message
     *                       of a known kind with missing or ill-typed fields
     */
    Msg read(ByteBuf buf, int from, int length) {
        if (length == 0) {
            throw new ProtocolError("empty frame");
        }
        if (buf.hasArray()) {
            r.reset(buf.array(), buf.arrayOffset() + from, length);
        } else {
            byte[] copy = length <= SCRATCH_LIMIT ? scratch(length) : new byte[length];
            buf.getBytes(from, copy, 0, length);
            r.reset(copy, 0, length);
        }
        try {
            Msg m = message();
            int trailing = r.remaining();
            if (trailing > 0) {
                throw new ProtocolError(trailing + " trailing bytes after the message in a " + length + "-byte frame");
            }
            return m;
        } finally {
            r.clear();
        }
    }

    /** This thread's scratch array, grown to hold {@code length} bytes. */
    private static byte[] scratch(int length) {
        byte[] a = SCRATCH.get();
        if (a == null || a.length < length) {
            a = new byte[Math.min(SCRATCH_LIMIT, Math.max(length, a == null ? SCRATCH_INITIAL : 2 * a.length))];
            SCRATCH.set(a);
        }
        return a;
    }

    private Msg message() {
        MsgpackReader.Type type = r.nextType();
        if (type != MsgpackReader.Type.MAP) {
            throw new ProtocolError("frame is not a msgpack map but " + type.described());
        }
        int entries = r.mapHeader();
        String kind = null;
        int kindKey = UNKNOWN;
        Object value = null;
        Pending pending = null;
        String cid = null;
        long deadline = 0;
        for (int i = 0; i < entries; i++) {
            int known = r.matchKey(KEY_BYTES);
            String key;
            if (known >= 0) {
                key = KEYS[known];
            } else {
                key = string("message key");
                known = keyIndex(key);
            }
            if (known == CID) {
                cid = nullableString("cid");
            } else if (kind != null && known == DEADLINE) {
                // after the kind only: a frame whose first key is "deadline" is of an unknown kind
                deadline = deadlineMillis();
            } else if (kind == null) {
                kind = key;
                kindKey = known;
                switch (known) {
                    case YIELD, RETURN, STARTED -> value = r.value();
                    case CREDIT -> value = credit();
                    case STOP -> r.skip();
                    case FUNCTYPE -> value = Functype.Kind.fromWire(string("functype"));
                    default -> pending = body(kind);
                }
            } else {
                r.skip();
            }
        }
        if (kind == null) {
            throw new ProtocolError("message has no kind key");
        }
        Msg m = switch (kindKey) {
            case YIELD -> new Yield(required(cid, kind), value);
            case RETURN -> new Return(required(cid, kind), value);
            case STARTED -> new Started(required(cid, kind), value);
            case CREDIT -> new Credit(required(cid, kind), (Integer) value);
            case STOP -> new Stop(required(cid, kind));
            case FUNCTYPE -> new Functype(required(cid, kind), (Functype.Kind) value);
            default -> pending.withCid(cid);
        };
        if (deadline > 0 && m instanceof Cmd c) {
            return new Cmd(c.ns(), c.fn(), c.kwargs(), c.caller(), c.cid(), deadline);
        }
        return m;
    }

    /** The index of {@code key} in {@link #KEYS}, or {@link #UNKNOWN}. */
    private static int keyIndex(String key) {
        for (int i = 0; i < KEYS.length; i++) {
            if (KEYS[i].equals(key)) {
                return i;
            }
        }
        return UNKNOWN;
    }

    private int credit() {
        int n = integer("credit");
        if (n < 0) {
            throw new ProtocolError("credit must not be negative, got " + n);
        }
        return n;
    }

    private long deadlineMillis() {
        expect(MsgpackReader.Type.INTEGER, "deadline");
        Object v = r.integer();
        long ms = v instanceof java.math.BigInteger ? -1 : ((Number) v).longValue();
        if (ms <= 0) {
            throw new ProtocolError("deadline must be a positive number of milliseconds, got " + v);
        }
        return ms;
    }

    private Pending body(String kind) {
        return switch (kind) {
            case "cmd" -> {
                Cmd cmd = cmd();
                yield cid -> cmd;
            }
            case "error" -> {
                ErrorBox box = errorBox(0);
                yield cid -> new ErrorMsg(cid, box);
            }
            case "ping" -> {
                r.skip();
                yield cid -> Ping.INSTANCE;
            }
            case "hello" -> {
                Hello hello = hello();
                yield cid -> hello;
            }
            case "auth" -> {
                Auth auth = new Auth(binary("auth"));
                yield cid -> auth;
            }
            default -> {
                r.skip();
                yield cid -> new Unknown(kind, cid);
            }
        };
    }

    private static String required(String cid, String kind) {
        if (cid == null) {
            throw new ProtocolError("'" + kind + "' message has no cid");
        }
        return cid;
    }

    private Hello hello() {
        int entries = mapHeader("hello");
        ActorUid uid = null;
        Integer proto = null;
        byte[] nonce = null;
        Address to = null;
        int window = 0;
        for (int i = 0; i < entries; i++) {
            switch (string("hello key")) {
                case "uid" -> uid = uid("hello.uid");
                case "proto" -> proto = integer("hello.proto");
                case "nonce" -> nonce = binary("hello.nonce");
                case "to" -> to = address("hello.to");
                case "window" -> window = integer("hello.window");
                default -> r.skip();
            }
        }
        if (uid == null || proto == null || nonce == null) {
            throw new ProtocolError("hello must have uid, proto and nonce");
        }
        if (window < 0 || window > Hello.MAX_WINDOW) {
            throw new ProtocolError("hello.window must be between 1 and " + Hello.MAX_WINDOW + ", got " + window);
        }
        return new Hello(uid, proto, nonce, to, window);
    }

    private Cmd cmd() {
        int size = arrayHeader("cmd");
        if (size != 5) {
            throw new ProtocolError("cmd must be a 5-element array [ns, fn, kwargs, caller, cid], got " + size + " elements");
        }
        String ns = string("cmd ns");
        String fn = string("cmd fn");
        Map<String, Object> kwargs = kwargs();
        ActorUid caller = uid("cmd caller");
        String cid = string("cmd cid");
        return new Cmd(ns, fn, kwargs, caller, cid);
    }

    /** The keyword arguments; one that cannot be decoded is an {@link Undecodable} for the task to refuse. */
    private Map<String, Object> kwargs() {
        int n = mapHeader("cmd kwargs");
        Map<String, Object> kwargs = LinkedHashMap.newLinkedHashMap(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            if (r.nextType() != MsgpackReader.Type.STRING) {
                throw new ProtocolError("cmd kwargs keys must be strings, got " + r.value());
            }
            String name = r.string(strings);
            kwargs.put(name, r.value());
        }
        return kwargs;
    }

    private ErrorBox errorBox(int depth) {
        int entries = mapHeader("error");
        List<ErrorBox> suppressed = List.of();
        String type = null;
        String message = null;
        String traceback = null;
        ActorUid src = null;
        List<ActorUid> relayedBy = List.of();
        ActorUid canceller = null;
        for (int i = 0; i < entries; i++) {
            switch (string("error key")) {
                case "type" -> type = string("error.type");
                case "message" -> message = nullableString("error.message");
                case "traceback" -> traceback = nullableString("error.traceback");
                case "src" -> src = uid("error.src");
                case "relayed_by" -> relayedBy = uids("error.relayed_by");
                case "canceller" -> canceller = uid("error.canceller");
                case "suppressed" -> suppressed = suppressedBoxes(depth);
                default -> r.skip();
            }
        }
        if (type == null || src == null) {
            throw new ProtocolError("error must have type and src");
        }
        return new ErrorBox(type, message, traceback, src, relayedBy, canceller, suppressed);
    }

    private List<ErrorBox> suppressedBoxes(int depth) {
        int n = arrayHeader("error.suppressed");
        if (depth >= ErrorBox.MAX_SUPPRESSED_DEPTH || n > ErrorBox.MAX_SUPPRESSED) {
            throw new ProtocolError("error.suppressed may hold " + ErrorBox.MAX_SUPPRESSED + " errors, nested "
                    + ErrorBox.MAX_SUPPRESSED_DEPTH + " deep at most");
        }
        List<ErrorBox> boxes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boxes.add(errorBox(depth + 1));
        }
        return boxes;
    }

    private List<ActorUid> uids(String what) {
        int n = arrayHeader(what);
        List<ActorUid> uids = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            uids.add(uid(what));
        }
        return uids;
    }

    private ActorUid uid(String what) {
        if (arrayHeader(what) != 2) {
            throw new ProtocolError(what + " must be a 2-element array [name, uuid]");
        }
        return new ActorUid(string(what, " name"), string(what, " uuid"));
    }

    private Address address(String what) {
        if (arrayHeader(what) != 3) {
            throw new ProtocolError(what + " must be a 3-element array [transport, host, port]");
        }
        String transport = string(what, " transport");
        String host = string(what, " host");
        int port = integer(what + " port");
        if (port < 0 || port > 65535) {
            throw new ProtocolError(what + " port is out of range: " + port);
        }
        return new Address(transport, host, port);
    }

    private String string(String what) {
        return string(what, "");
    }

    /** The next value, which must be a string; {@code what} and {@code part} name it in the error. */
    private String string(String what, String part) {
        String s = r.shortString(strings);
        if (s != null) {
            return s;
        }
        MsgpackReader.Type actual = r.nextType();
        if (actual != MsgpackReader.Type.STRING) {
            throw new ProtocolError(what + part + " must be a string, got " + actual.described());
        }
        return r.string(strings);
    }

    private String nullableString(String what) {
        return r.tryNil() ? null : string(what);
    }

    private int integer(String what) {
        expect(MsgpackReader.Type.INTEGER, what);
        Object v = r.integer();
        if (v instanceof Integer i) {
            return i;
        }
        throw new ProtocolError(what + " is out of range: " + v);
    }

    private byte[] binary(String what) {
        expect(MsgpackReader.Type.BINARY, what);
        return r.binary();
    }

    private int arrayHeader(String what) {
        expect(MsgpackReader.Type.ARRAY, what);
        return r.arrayHeader();
    }

    private int mapHeader(String what) {
        expect(MsgpackReader.Type.MAP, what);
        return r.mapHeader();
    }

    private void expect(MsgpackReader.Type expected, String what) {
        MsgpackReader.Type actual = r.nextType();
        if (actual != expected) {
            throw new ProtocolError(what + " must be " + expected.described() + ", got " + actual.described());
        }
    }
}
