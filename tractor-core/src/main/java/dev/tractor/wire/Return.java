package dev.tractor.wire;

import java.util.Objects;

/**
 * The successful end of a call: {@code {"return": value, "cid": cid}}.
 *
 * @param cid   the call id
 * @param value the result (an application value, may be {@code null})
 */
public record Return(String cid, Object value) implements Msg {

    public Return {
        Objects.requireNonNull(cid, "cid");
    }
}
