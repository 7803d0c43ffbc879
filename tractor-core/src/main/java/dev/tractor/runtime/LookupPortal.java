package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.ForwardingPortal;
import dev.tractor.Portal;
import java.time.Duration;

/**
 * A portal to an actor of another part of the tree by its registered name: calls go to the actor it reached last
 * while its connection is open, and once that one has gone, to whichever actor registers under the name next
 * (waiting a bounded time for it, as a restart takes).
 */
final class LookupPortal extends ForwardingPortal {

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

    @Override
    protected Portal delegate() {
        PortalImpl c = current;
        if (c.peer().isOpen()) {
            return c;
        }
        PortalImpl found = (PortalImpl) actor.waitForActor(name, wait);
        current = found;
        return found;
    }

    /** The identity of the actor reached last. */
    @Override
    public ActorUid uid() {
        return current.uid();
    }

    @Override
    public String toString() {
        return "Portal[" + name + " by registered name, now " + current.uid() + "]";
    }
}
