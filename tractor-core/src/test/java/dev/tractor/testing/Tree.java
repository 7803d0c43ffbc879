package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.ActorNursery;
import dev.tractor.Context;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Functions that build trees of actors: an actor function opening its own nursery. */
@ActorNamespace("tree")
public class Tree {

    @ActorFunction
    public long pid() {
        return ProcessHandle.current().pid();
    }

    /** Prints {@code text} on stdout and {@code text + " (stderr)"} on stderr. */
    @ActorFunction
    public String say(String text) {
        System.out.println(text);
        System.err.println(text + " (stderr)");
        return text;
    }

    /**
     * Starts a daemon grandchild called {@code grandchild}, has it say hello, passes
     * {@code [this pid, grandchild pid]} to {@code ctx.started}, and holds the grandchild until cancelled.
     */
    @ActorFunction
    public int hold(Context ctx) throws InterruptedException {
        try (ActorNursery n = Tractor.current().openNursery()) {
            Portal grandchild = n.startActor("grandchild");
            grandchild.run("tree", "say", Map.of("text", "hello from the grandchild"));
            long pid = grandchild.run("tree", "pid", Map.of(), Long.class);
            ctx.started(List.of(ProcessHandle.current().pid(), pid));
            Thread.sleep(Long.MAX_VALUE);
        }
        return 0;
    }

    /**
     * At depth 0 throws {@code IllegalStateException(message)}; else runs itself one level deeper in a
     * child called {@code level<depth-1>} and returns (or re-raises) what that child gives.
     */
    @ActorFunction
    public String failAt(int depth, String message) {
        if (depth == 0) {
            throw new IllegalStateException(message);
        }
        try (ActorNursery n = Tractor.current().openNursery()) {
            Portal deeper = n.runInActor("level" + (depth - 1), "tree", "failAt",
                    Map.of("depth", depth - 1, "message", message));
            return deeper.result(String.class);
        }
    }

    /** Ignores interrupts for {@code millis}. */
    @ActorFunction
    public long stubborn(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            try {
                Thread.sleep(Math.max(1, end - System.currentTimeMillis()));
            } catch (InterruptedException ignored) {
                // deliberately ignored
            }
        }
        return millis;
    }

    /** Has the caller run {@link #stubborn} for {@code millis}: a task in the caller that ignores interrupts. */
    @ActorFunction
    public long stubbornInCaller(long millis) {
        return Tractor.caller().run("tree", "stubborn", Map.of("millis", millis), Long.class);
    }

    /** When {@link #failTogether} was called in this process (wall clock, milliseconds), or 0 if not yet. */
    private static volatile long failTogetherCalledAt;

    @ActorFunction
    public long failTogetherCalledAt() {
        return failTogetherCalledAt;
    }

    /**
     * Fails with {@code message} at the same wall-clock moment as the actor {@code sibling} running this too: each
     * waits until the other's call has arrived, then sleeps until {@code marginMillis} after the later arrival.
     */
    @ActorFunction
    public String failTogether(String sibling, String message, long marginMillis) throws InterruptedException {
        failTogetherCalledAt = System.currentTimeMillis();
        Portal other = Tractor.current().waitForActor(sibling, Duration.ofSeconds(60));
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long theirs;
        while ((theirs = other.run("tree", "failTogetherCalledAt", Map.of(), Long.class)) == 0) {
            if (System.nanoTime() - giveUp > 0) {
                throw new IllegalStateException("sibling " + sibling + " never started failTogether");
            }
            Thread.sleep(20);
        }
        long at = Math.max(failTogetherCalledAt, theirs) + marginMillis;
        Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
        throw new IllegalStateException(message);
    }

    /** Starts two children that fail at the same moment, {@code marginMillis} after both are running, and waits. */
    @ActorFunction
    public String twoFailTogether(long marginMillis) {
        return Tractor.current().withNursery(n -> {
            n.runInActor("first", "tree", "failTogether",
                    Map.of("sibling", "second", "message", "first failure", "marginMillis", marginMillis));
            n.runInActor("second", "tree", "failTogether",
                    Map.of("sibling", "first", "message", "second failure", "marginMillis", marginMillis));
            return "unreachable";
        });
    }
}
