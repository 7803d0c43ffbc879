package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.ForwardingPortal;
import dev.tractor.Portal;
import dev.tractor.TractorException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * A {@link Portal} to a supervised child by its name: each call goes to the child's current incarnation, waiting
 * (bounded) while it is being restarted. A call in flight when an incarnation dies raises {@code ActorDied} like any
 * call; the next call reaches the new incarnation. Calls are never repeated on their own, since a function may not be
 * safe to run twice.
 */
final class NamedPortal extends ForwardingPortal {

    private final Actor actor;
    private final ChildSlot slot;
    private final Duration restartWait;

    NamedPortal(Actor actor, ChildSlot slot, Duration restartWait) {
        this.actor = actor;
        this.slot = slot;
        this.restartWait = restartWait;
    }

    @Override
    protected Portal delegate() {
        try {
            return slot.live(restartWait).portal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while waiting for actor '" + slot.name() + "' to be restarted", e);
        }
    }

    /** The current incarnation's identity. */
    @Override
    public ActorUid uid() {
        return slot.current().uid();
    }

    /** The final result of a {@code runInActor} child, after every restart; its final error re-raised. */
    @Override
    public Object result() {
        if (slot.task() == null) {
            throw new TractorException("result() is only for actors started with runInActor; '" + slot.name()
                    + "' was not");
        }
        try {
            return slot.outcome();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while waiting for the result of actor '" + slot.name() + "'", e);
        } catch (ExecutionException e) {
            throw ChildActor.reraisable(e.getCause(), slot.name());
        }
    }

    @Override
    public <T> T result(Class<T> type) {
        return Values.convert(result(), type);
    }

    /**
     * Cancels the child for good: it is not restarted, and a {@code runInActor} child's {@link #result()} is the
     * outcome of its cancelled task.
     */
    @Override
    public void cancelActor() {
        slot.stopRestarts();
        slot.current().cancel();
    }

    @Override
    public String toString() {
        return "Portal[" + slot.name() + " by name, now " + slot.current().uid() + " of " + actor.uid() + "]";
    }
}
