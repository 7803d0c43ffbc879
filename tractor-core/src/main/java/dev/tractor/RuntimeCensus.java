package dev.tractor;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of the runtime's own resources are alive in this JVM: actors, running tasks, open cancel scopes and
 * Netty event-loop groups. Virtual threads and daemon event-loop threads do not show among the JVM's threads, so
 * this is how a test (or a shutdown check) sees that everything a runtime started has ended. The runtime's classes
 * count; everyone else only reads.
 */
public final class RuntimeCensus {

    /** What is counted. */
    public enum Kind { ACTORS, TASKS, CANCEL_SCOPES, EVENT_LOOP_GROUPS }

    private static final Map<Kind, AtomicInteger> LIVE = new EnumMap<>(Kind.class);

    static {
        for (Kind k : Kind.values()) {
            LIVE.put(k, new AtomicInteger());
        }
    }

    private RuntimeCensus() {
    }

    /** Counts one more {@code kind}; called by the runtime when it starts one. */
    public static void opened(Kind kind) {
        LIVE.get(kind).incrementAndGet();
    }

    /** Counts one fewer {@code kind}; called by the runtime when one has ended. */
    public static void closed(Kind kind) {
        LIVE.get(kind).decrementAndGet();
    }

    /** How many {@code kind} are alive now. */
    public static int live(Kind kind) {
        return LIVE.get(kind).get();
    }

    /** Every count, for messages. */
    public static Map<Kind, Integer> snapshot() {
        Map<Kind, Integer> all = new EnumMap<>(Kind.class);
        LIVE.forEach((k, v) -> all.put(k, v.get()));
        return all;
    }
}
