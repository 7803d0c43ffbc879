package dev.tractor.wire;

import java.util.Objects;

/**
 * A failure: {@code {"error": box, "cid": cid}}. Without a cid it is an internal error of the sending actor,
 * and the {@code "cid"} key is left out.
 *
 * @param cid the failed call's id, or {@code null} for an internal error
 * @param box the error's description
 */
public record ErrorMsg(String cid, ErrorBox box) implements Msg {

    public ErrorMsg {
        Objects.requireNonNull(box, "box");
    }
}
