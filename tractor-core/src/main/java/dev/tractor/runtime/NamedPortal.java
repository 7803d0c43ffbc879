package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.TractorException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A {@link Portal} to a supervised child by its name: each call goes to the child's current incarnation, waiting
 * (bounded) while it is being restarted. A call in flight when an incarnation dies raises {@code ActorDied} like any
 * call; the next call reaches the new incarnation. Calls are never repeated on their own, since a function may not be
 * safe to run twice.
 */
final class NamedPortal implements Portal {

    private final Actor actor;
    private final ChildSlot slot;
    private final Duration restartWait;

    NamedPortal(Actor actor, ChildSlot slot, Duration restartWait) {
        this.actor = actor;
        this.slot = slot;
        this.restartWait = restartWait;
    }

    private PortalImpl live() {
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

    @Override
    public Object run(String ns, String fn, Map<String, ?> kwargs) {
        return live().run(ns, fn, kwargs);
    }

    @Override
    public <T> T run(String ns, String fn, Map<String, ?> kwargs, Class<T> resultType) {
        return live().run(ns, fn, kwargs, resultType);
    }

    @Override
    public <T> ReceiveStream<T> openStreamFrom(String ns, String fn, Map<String, ?> kwargs, Class<T> itemType) {
        return live().openStreamFrom(ns, fn, kwargs, itemType);
    }

    @Override
    public ContextHandle openContext(String ns, String fn, Map<String, ?> kwargs) {
        return live().openContext(ns, fn, kwargs);
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

    /** Cancels the child for good: it is not restarted. */
    @Override
    public void cancelActor() {
        slot.succeeded(null);
        slot.current().cancel();
    }

    @Override
    public <T> T proxy(Class<T> api) {
        return TypedProxy.create(this, api);
    }

    @Override
    public String toString() {
        return "Portal[" + slot.name() + " by name, now " + slot.current().uid() + " of " + actor.uid() + "]";
    }
}
