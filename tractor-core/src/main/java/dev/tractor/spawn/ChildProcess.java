package dev.tractor.spawn;

import java.util.concurrent.CompletableFuture;

/**
 * A started child actor, as its parent's runtime sees it: whether it still runs, when and how it ended, a way to end
 * it by force, and the last lines it wrote for error messages. A {@link SpawnBackend} returns one per spawn; the
 * child itself connects back over the network, so nothing here carries its messages. {@link LocalChildProcess} is a
 * process of this machine; other backends run children elsewhere (a container, a pod) and report on them through
 * this interface. Implementations are thread-safe; no method but the waits named so blocks for long.
 */
public interface ChildProcess {

    /** The process id of a local child; a child that is not a process of this machine answers -1. */
    long pid();

    /** Says where the child runs, for messages: {@code pid 1234} for a local child, a pod's name for a pod. */
    default String describe() {
        return "pid " + pid();
    }

    /** Whether the child still runs (a child that has not started yet counts as running). */
    boolean isAlive();

    /**
     * Completes once the child has ended, whatever ended it; by then its {@link #exitCode(long) exit code} and
     * {@link #outputTail() output tail} are known.
     */
    CompletableFuture<?> onExit();

    /** The exit code, waiting at most {@code millis} for the exit; null if it still runs or its code is unknown. */
    Integer exitCode(long millis);

    /** Waits at most {@code millis} for the child to end; true if it has. */
    boolean waitFor(long millis) throws InterruptedException;

    /** Ends the child at once (no grace), with what it started, and waits (bounded) for the end. Idempotent. */
    void kill();

    /**
     * The last lines the child wrote, and what else tells why it failed (for a pod, its events and its container's
     * state); may be empty. Once the child has ended this may wait briefly for output still on its way.
     */
    String outputTail();

    /**
     * The child answered a cancel request and is exiting: let go of what might hold up its exit. A local child's stdin
     * is closed; a child without one ignores this.
     */
    default void closeStdin() {
    }

    /** Details of where the child runs, for status reports (for a pod: its name and node); empty by default. */
    default java.util.Map<String, String> placement() {
        return java.util.Map.of();
    }
}
