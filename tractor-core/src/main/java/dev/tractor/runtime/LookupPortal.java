package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import java.time.Duration;
import java.util.Map;

/**
 * A portal to an actor of another part of the tree by its registered name: calls go to the actor it reached last
 * while its connection is open, and once that one has gone, to whichever actor registers under the name next
 * (waiting a bounded time for it, as a restart takes).
 */
final class LookupPortal implements Portal {

    private final Actor actor;
    private final String name;
    private final Duration wait;
    private volatile PortalImpl current;

    LookupPortal(Actor actor, String name, PortalImpl found, Duration wait) {
        this.actor = actor;
        this.name = name;
        this.current = found;
        this.wait = wait;
    }

    private PortalImpl live() {
        PortalImpl c = current;
        if (c.peer().isOpen()) {
            return c;
        }
        PortalImpl found = (PortalImpl) actor.waitForActor(name, wait);
        current = found;
        return found;
    }

    @Override
    public ActorUid uid() {
        return current.uid();
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

    @Override
    public Object result() {
        return live().result();
    }

    @Override
    public <T> T result(Class<T> type) {
        return live().result(type);
    }

    @Override
    public void cancelActor() {
        live().cancelActor();
    }

    @Override
    public <T> T proxy(Class<T> api) {
        return TypedProxy.create(this, api);
    }

    @Override
    public String toString() {
        return "Portal[" + name + " by registered name, now " + current.uid() + "]";
    }
}
