package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.ForwardingPortal;
import dev.tractor.Portal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The portal of a service this actor runs: hands each call to the next replica in turn, each replica followed across
 * its restarts. {@link #cancelActor()} cancels the whole service.
 */
final class ServicePortal extends ForwardingPortal {

    private final String name;
    private final List<Portal> replicas;
    private final Runnable cancel;
    private final AtomicInteger next = new AtomicInteger();

    ServicePortal(String name, List<Portal> replicas, Runnable cancel) {
        this.name = name;
        this.replicas = List.copyOf(replicas);
        this.cancel = cancel;
    }

    @Override
    protected Portal delegate() {
        return replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
    }

    /** The identity of the first replica's current incarnation. */
    @Override
    public ActorUid uid() {
        return replicas.getFirst().uid();
    }

    @Override
    public Object result() {
        return replicas.getFirst().result();
    }

    @Override
    public <T> T result(Class<T> type) {
        return replicas.getFirst().result(type);
    }

    /** Cancels the service: every replica, for good. */
    @Override
    public void cancelActor() {
        cancel.run();
    }

    @Override
    public String toString() {
        return "Portal[service " + name + ", " + replicas.size() + " replica(s)]";
    }
}
