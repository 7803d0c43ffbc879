package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Side effects recorded inside a child actor, read back by the tests with further calls: counters,
 * notes and gates, each under a key the test chooses (unique per test, as tests share a child).
 */
@ActorNamespace("obs")
public class Observations {

    private static final Map<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<String, Queue<String>> NOTES = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    /** Adds {@code delta} to the counter {@code key} (in this process). */
    public static long add(String key, long delta) {
        return COUNTERS.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(delta);
    }

    /** Appends a note under {@code key} (in this process). */
    public static void note(String key, String text) {
        NOTES.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(text);
    }

    /** Blocks until the gate {@code key} is opened by {@link #open}; interruptible, at most 60 s. */
    public static void awaitGate(String key) throws InterruptedException {
        if (!gate(key).await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate " + key + " was never opened");
        }
    }

    private static CountDownLatch gate(String key) {
        return GATES.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    /** The counter {@code key}, 0 if never touched. */
    @ActorFunction
    public long count(String key) {
        AtomicLong c = COUNTERS.get(key);
        return c == null ? 0 : c.get();
    }

    /** The notes under {@code key}, oldest first. */
    @ActorFunction
    public List<String> notes(String key) {
        Queue<String> q = NOTES.get(key);
        return q == null ? List.of() : List.copyOf(q);
    }

    /** Opens the gate {@code key}, releasing everything waiting on it. */
    @ActorFunction
    public boolean open(String key) {
        gate(key).countDown();
        return true;
    }
}
