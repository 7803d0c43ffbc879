package dev.tractor.wire;

import dev.tractor.ActorUid;

import java.util.Map;
import java.util.Objects;

/**
 * A call request: {@code {"cmd": [ns, fn, kwargs, [name, uuid], cid], "deadline": ms}}, the {@code deadline} key
 * only when the caller runs under one.
 *
 * @param ns             the namespace of the function
 * @param fn             the function name
 * @param kwargs         keyword arguments (application values); {@code null} becomes an empty map
 * @param caller         the calling actor
 * @param cid            the new call's id
 * @param deadlineMillis how long the task may run, what was left of the caller's deadline when it sent the call;
 *                       0 for no deadline
 */
public record Cmd(String ns, String fn, Map<String, Object> kwargs, ActorUid caller, String cid, long deadlineMillis)
        implements Msg {

    /** A call without a deadline. */
    public Cmd(String ns, String fn, Map<String, Object> kwargs, ActorUid caller, String cid) {
        this(ns, fn, kwargs, caller, cid, 0);
    }

    public Cmd {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(cid, "cid");
        if (kwargs == null) {
            kwargs = Map.of();
        }
        if (deadlineMillis < 0) {
            throw new IllegalArgumentException("deadlineMillis must not be negative: " + deadlineMillis);
        }
    }
}
