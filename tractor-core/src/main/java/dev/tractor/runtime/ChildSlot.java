package dev.tractor.runtime;

import dev.tractor.ActorOptions;
import dev.tractor.ActorStatus;
import dev.tractor.RestartPolicy;
import dev.tractor.TractorException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One child of a supervising nursery across its incarnations: what to start again (name, options, the task of a
 * {@code runInActor} child), its restart policy, its current incarnation, its restart history, and its final outcome
 * once it will not be restarted again. Thread-safe.
 */
final class ChildSlot {

    /** How many restarts the history keeps, latest last. */
    private static final int HISTORY = 10;

    /** A task a {@code runInActor} child runs, again in each incarnation. */
    record Task(String ns, String fn, Map<String, ?> kwargs) {
    }

    private final String name;
    private final ActorOptions options;
    private final Task task;
    private final RestartPolicy policy;
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();
    private final Deque<ActorStatus.Restart> history = new ArrayDeque<>();
    private volatile ChildActor current;
    private volatile CompletableFuture<ChildActor> next = new CompletableFuture<>();
    private int restarts;
    private volatile boolean replacing;
    private volatile boolean stopped;
    private volatile ChildActor starting;

    ChildSlot(String name, ActorOptions options, Task task, ChildActor first) {
        this.name = name;
        this.options = options;
        this.task = task;
        this.policy = options.restart() != null ? options.restart()
                : task != null ? RestartPolicy.TRANSIENT : RestartPolicy.PERMANENT;
        this.current = first;
    }

    String name() {
        return name;
    }

    ActorOptions options() {
        return options;
    }

    Task task() {
        return task;
    }

    RestartPolicy policy() {
        return policy;
    }

    ChildActor current() {
        return current;
    }

    /** Marks the current incarnation as being replaced by the supervisor, whose cancel of it ends nothing. */
    void replacing(boolean value) {
        replacing = value;
    }

    boolean replacing() {
        return replacing;
    }

    /** The incarnation being started to replace the current one, or null. */
    void starting(ChildActor incarnation) {
        starting = incarnation;
    }

    ChildActor starting() {
        return starting;
    }

    /** Whether the slot ends for good: its outcome is known and it will not be restarted. */
    boolean settled() {
        return outcome.isDone();
    }

    /** No restart of this child from now on: it was cancelled by name; its current incarnation's end is its last. */
    void stopRestarts() {
        stopped = true;
    }

    boolean restartsStopped() {
        return stopped;
    }

    /** Whether an end of this kind restarts the child under its policy. */
    boolean restartsAfter(boolean abnormal) {
        return !settled() && !stopped && switch (policy) {
            case PERMANENT -> true;
            case TRANSIENT -> abnormal;
            case TEMPORARY -> false;
        };
    }

    /** The new incarnation replaces the old one; callers waiting by name go on with it. */
    synchronized void replaced(ChildActor incarnation, Throwable cause) {
        ChildActor old = current;
        current = incarnation;
        starting = null;
        replacing = false;
        restarts++;
        history.addLast(new ActorStatus.Restart(Instant.now(), describe(cause), old.uid().uuid()));
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        CompletableFuture<ChildActor> waiting = next;
        next = new CompletableFuture<>();
        waiting.complete(incarnation);
    }

    /** The child ends for good with {@code value} (a task's result, or null). */
    void succeeded(Object value) {
        outcome.complete(value);
        next.completeExceptionally(new TractorException("actor '" + name + "' has ended and will not be restarted"));
    }

    /** The child ends for good with {@code error}. */
    void failed(Throwable error) {
        outcome.completeExceptionally(error);
        next.completeExceptionally(error);
    }

    /** The final outcome, waiting for it; interruptible. */
    Object outcome() throws InterruptedException, ExecutionException {
        return outcome.get();
    }

    /** Waits for the final outcome without raising it. */
    void awaitOutcome() throws InterruptedException {
        try {
            outcome.get();
        } catch (ExecutionException ignored) {
            // the nursery holds the error
        }
    }

    /**
     * The live incarnation: the current one if it is alive, else the one that replaces it, waiting at most
     * {@code timeout} for the restart.
     */
    ChildActor live(Duration timeout) throws InterruptedException {
        CompletableFuture<ChildActor> pending = next;   // read before current: a restart in between completes it
        ChildActor c = current;
        if (c.isAlive() && !c.cancelRequested()) {
            return c;
        }
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re
                    : new TractorException("actor '" + name + "' will not be restarted: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TractorException("actor '" + name + "' (" + c.uid() + ") is down and was not restarted within "
                    + timeout.toMillis() + " ms");
        }
    }

    synchronized int restarts() {
        return restarts;
    }

    synchronized List<ActorStatus.Restart> history() {
        return List.copyOf(history);
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "ended normally";
        }
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        int tail = text.indexOf("; its output ends with");
        if (tail >= 0) {
            text = text.substring(0, tail);
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
