package dev.tractor.wire;

import dev.tractor.ActorUid;

import java.util.Map;
import java.util.Objects;

/**
 * A call request: {@code {"cmd": [ns, fn, kwargs, [name, uuid], cid]}}.
 *
 * @param ns     the namespace of the function
 * @param fn     the function name
 * @param kwargs keyword arguments (application values); {@code null} becomes an empty map
 * @param caller the calling actor
 * @param cid    the new call's id
 */
public record Cmd(String ns, String fn, Map<String, Object> kwargs, ActorUid caller, String cid) implements Msg {

    public Cmd {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(cid, "cid");
        if (kwargs == null) {
            kwargs = Map.of();
        }
    }
}
