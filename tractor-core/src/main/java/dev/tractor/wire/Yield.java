package dev.tractor.wire;

import java.util.Objects;

/**
 * One stream item: {@code {"yield": value, "cid": cid}}.
 *
 * @param cid   the call id
 * @param value the item (an application value, may be {@code null})
 */
public record Yield(String cid, Object value) implements Msg {

    public Yield {
        Objects.requireNonNull(cid, "cid");
    }
}
