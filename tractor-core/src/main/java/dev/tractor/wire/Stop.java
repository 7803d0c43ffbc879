package dev.tractor.wire;

import java.util.Objects;

/**
 * The sender closed its side of a stream: {@code {"stop": true, "cid": cid}}.
 *
 * @param cid the call id
 */
public record Stop(String cid) implements Msg {

    public Stop {
        Objects.requireNonNull(cid, "cid");
    }
}
