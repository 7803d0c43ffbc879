package dev.tractor.security;

import dev.tractor.ActorFunction;
import dev.tractor.Address;
import dev.tractor.Tractor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Functions an attack aims at. {@link #touch} records every call under the caller's tag, so a test (or, in a child
 * process, a legitimate call to {@link #count}) tells whether an attack got anything run; {@link #reach} makes the
 * actor dial an address, so a test can stand where a peer the actor dials would be.
 */
public class Victim {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @ActorFunction
    public int touch(String tag) {
        return CALLS.computeIfAbsent(tag, t -> new AtomicInteger()).incrementAndGet();
    }

    @ActorFunction
    public int count(String tag) {
        return calls(tag);
    }

    /** Dials {@code address} and pings the actor there; the failure's message if that fails. */
    @ActorFunction
    public String reach(String address) {
        try {
            Tractor.current().connect(Address.parse(address)).run("self", "ping", Map.of());
            return "reached";
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }

    /** How often {@link #touch} ran in this process with {@code tag}. */
    public static int calls(String tag) {
        AtomicInteger n = CALLS.get(tag);
        return n == null ? 0 : n.get();
    }
}
