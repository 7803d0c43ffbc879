package dev.tractor.wire;

import dev.tractor.ProtocolError;

import java.util.Objects;

/**
 * The callee's first answer to a {@link Cmd}: {@code {"functype": "asyncfunc", "cid": cid}}.
 *
 * @param cid  the call id
 * @param kind the kind of function now running
 */
public record Functype(String cid, Kind kind) implements Msg {

    public Functype {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(kind, "kind");
    }

    /** The call styles a remote function can have. */
    public enum Kind {
        /** A plain function: one {@code return} or {@code error}. */
        ASYNCFUNC("asyncfunc"),
        /** A streaming function: {@code yield}s, then {@code stop}. */
        ASYNCGEN("asyncgen"),
        /** A context function: {@code started}, an optional bidirectional stream, then the result. */
        CONTEXT("context");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The name used on the wire. */
        public String wireName() {
            return wireName;
        }

        /** The kind with this wire name; a {@link ProtocolError} for any other name. */
        public static Kind fromWire(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            throw new ProtocolError("unknown functype '" + name + "'");
        }
    }
}
