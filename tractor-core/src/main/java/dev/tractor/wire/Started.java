package dev.tractor.wire;

import java.util.Objects;

/**
 * A context function called {@code ctx.started(value)}: {@code {"started": value, "cid": cid}}.
 *
 * @param cid   the call id
 * @param value the value passed to {@code started} (an application value, may be {@code null})
 */
public record Started(String cid, Object value) implements Msg {

    public Started {
        Objects.requireNonNull(cid, "cid");
    }
}
