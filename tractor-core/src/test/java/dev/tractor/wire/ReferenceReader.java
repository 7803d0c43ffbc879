package dev.tractor.wire;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.ProtocolError;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The former production decoder's message reader (over msgpack-core), kept as the reference of the differential tests. */
final class ReferenceReader {

    /** A message whose value has been read, waiting for its {@code "cid"}, which may come later in the map. */
    private interface Pending {
        Msg withCid(String cid);
    }

    private final MessageUnpacker u;

    ReferenceReader(MessageUnpacker u) {
        this.u = u;
    }

    /** The next value, which must be a msgpack string (malformed UTF-8 becomes U+FFFD). */
    static String utf8(MessageUnpacker u) throws IOException {
        int length = u.unpackRawStringHeader();
        return new String(u.readPayload(length), java.nio.charset.StandardCharsets.UTF_8);
    }

    Msg read() throws IOException {
        ValueType type = u.getNextFormat().getValueType();
        if (type != ValueType.MAP) {
            throw new ProtocolError("frame is not a msgpack map but " + describe(type));
        }
        int entries = u.unpackMapHeader();
        String kind = null;
        Pending pending = null;
        String cid = null;
        long deadline = 0;
        for (int i = 0; i < entries; i++) {
            String key = string("message key");
            if (key.equals("cid")) {
                cid = nullableString("cid");
            } else if (key.equals("deadline") && kind != null) {
                deadline = deadlineMillis();
            } else if (kind == null) {
                kind = key;
                pending = body(kind);
            } else {
                u.skipValue();
            }
        }
        if (kind == null) {
            throw new ProtocolError("message has no kind key");
        }
        Msg m = pending.withCid(cid);
        if (deadline > 0 && m instanceof Cmd c) {
            return new Cmd(c.ns(), c.fn(), c.kwargs(), c.caller(), c.cid(), deadline);
        }
        return m;
    }

    private long deadlineMillis() throws IOException {
        expect(ValueType.INTEGER, "deadline");
        long ms = u.unpackLong();
        if (ms <= 0) {
            throw new ProtocolError("deadline must be a positive number of milliseconds, got " + ms);
        }
        return ms;
    }

    private Pending body(String kind) throws IOException {
        return switch (kind) {
            case "hello" -> {
                Hello hello = hello();
                yield cid -> hello;
            }
            case "auth" -> {
                Auth auth = new Auth(binary("auth"));
                yield cid -> auth;
            }
            case "cmd" -> {
                Cmd cmd = cmd();
                yield cid -> cmd;
            }
            case "functype" -> {
                Functype.Kind k = Functype.Kind.fromWire(string("functype"));
                yield cid -> new Functype(required(cid, kind), k);
            }
            case "started" -> {
                Object value = ReferenceValues.unpack(u);
                yield cid -> new Started(required(cid, kind), value);
            }
            case "yield" -> {
                Object value = ReferenceValues.unpack(u);
                yield cid -> new Yield(required(cid, kind), value);
            }
            case "return" -> {
                Object value = ReferenceValues.unpack(u);
                yield cid -> new Return(required(cid, kind), value);
            }
            case "stop" -> {
                u.skipValue();
                yield cid -> new Stop(required(cid, kind));
            }
            case "credit" -> {
                int n = integer("credit");
                if (n < 0) {
                    throw new ProtocolError("credit must not be negative, got " + n);
                }
                yield cid -> new Credit(required(cid, kind), n);
            }
            case "ping" -> {
                u.skipValue();
                yield cid -> Ping.INSTANCE;
            }
            case "error" -> {
                ErrorBox box = errorBox(0);
                yield cid -> new ErrorMsg(cid, box);
            }
            default -> {
                u.skipValue();
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

    private Hello hello() throws IOException {
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
                default -> u.skipValue();
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

    private Cmd cmd() throws IOException {
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
    private Map<String, Object> kwargs() throws IOException {
        int n = mapHeader("cmd kwargs");
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (u.getNextFormat().getValueType() != ValueType.STRING) {
                throw new ProtocolError("cmd kwargs keys must be strings, got " + ReferenceValues.unpack(u));
            }
            String name = utf8(u);
            kwargs.put(name, ReferenceValues.unpack(u));
        }
        return kwargs;
    }

    private ErrorBox errorBox(int depth) throws IOException {
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
                default -> u.skipValue();
            }
        }
        if (type == null || src == null) {
            throw new ProtocolError("error must have type and src");
        }
        return new ErrorBox(type, message, traceback, src, relayedBy, canceller, suppressed);
    }

    private List<ErrorBox> suppressedBoxes(int depth) throws IOException {
        int n = arrayHeader("error.suppressed");
        if (depth >= ErrorBox.MAX_SUPPRESSED_DEPTH || n > ErrorBox.MAX_SUPPRESSED) {
            throw new ProtocolError("error.suppressed may hold " + ErrorBox.MAX_SUPPRESSED + " errors, nested "
                    + ErrorBox.MAX_SUPPRESSED_DEPTH + " deep at most");
        }
        List<ErrorBox> boxes = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boxes.add(errorBox(depth + 1));
        }
        return boxes;
    }

    private List<ActorUid> uids(String what) throws IOException {
        int n = arrayHeader(what);
        List<ActorUid> uids = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            uids.add(uid(what));
        }
        return uids;
    }

    private ActorUid uid(String what) throws IOException {
        if (arrayHeader(what) != 2) {
            throw new ProtocolError(what + " must be a 2-element array [name, uuid]");
        }
        return new ActorUid(string(what + " name"), string(what + " uuid"));
    }

    private Address address(String what) throws IOException {
        if (arrayHeader(what) != 3) {
            throw new ProtocolError(what + " must be a 3-element array [transport, host, port]");
        }
        String transport = string(what + " transport");
        String host = string(what + " host");
        int port = integer(what + " port");
        if (port < 0 || port > 65535) {
            throw new ProtocolError(what + " port is out of range: " + port);
        }
        return new Address(transport, host, port);
    }

    private String string(String what) throws IOException {
        expect(ValueType.STRING, what);
        return utf8(u);
    }

    private String nullableString(String what) throws IOException {
        return u.tryUnpackNil() ? null : string(what);
    }

    private int integer(String what) throws IOException {
        expect(ValueType.INTEGER, what);
        try {
            return u.unpackInt();
        } catch (MessageIntegerOverflowException e) {
            throw new ProtocolError(what + " is out of range: " + e.getBigInteger());
        }
    }

    private byte[] binary(String what) throws IOException {
        expect(ValueType.BINARY, what);
        return u.readPayload(u.unpackBinaryHeader());
    }

    private int arrayHeader(String what) throws IOException {
        expect(ValueType.ARRAY, what);
        return u.unpackArrayHeader();
    }

    private int mapHeader(String what) throws IOException {
        expect(ValueType.MAP, what);
        return u.unpackMapHeader();
    }

    private void expect(ValueType expected, String what) throws IOException {
        ValueType actual = u.getNextFormat().getValueType();
        if (actual != expected) {
            throw new ProtocolError(what + " must be " + describe(expected) + ", got " + describe(actual));
        }
    }

    private static String describe(ValueType t) {
        String name = t.name().toLowerCase(Locale.ROOT);
        return switch (t) {
            case ARRAY, EXTENSION, INTEGER -> "an " + name;
            default -> "a " + name;
        };
    }
}
