package dev.tractor.wire;

import java.util.Objects;

/**
 * A decoded message of a kind this version does not know; never encoded.
 *
 * @param kind the message's kind key
 * @param cid  its {@code "cid"}, or {@code null}
 */
public record Unknown(String kind, String cid) implements Msg {

    public Unknown {
        Objects.requireNonNull(kind, "kind");
    }
}
