package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.ActorNursery;
import dev.tractor.Context;
import dev.tractor.Portal;
import dev.tractor.Tractor;
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

    /** Sleeps until the wall-clock time {@code atMillis}, then fails with {@code message}. */
    @ActorFunction
    public String failWhen(long atMillis, String message) throws InterruptedException {
        Thread.sleep(Math.max(0, atMillis - System.currentTimeMillis()));
        throw new IllegalStateException(message);
    }

    /** Starts two children that fail at the same moment, {@code delayMillis} from now, and waits for them. */
    @ActorFunction
    public String twoFailTogether(long delayMillis) {
        long at = System.currentTimeMillis() + delayMillis;
        try (ActorNursery n = Tractor.current().openNursery()) {
            n.runInActor("first", "tree", "failWhen", Map.of("atMillis", at, "message", "first failure"));
            n.runInActor("second", "tree", "failWhen", Map.of("atMillis", at, "message", "second failure"));
        }
        return "unreachable";
    }
}
