package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The portal of a service this actor runs: hands each call to the next replica in turn, each replica followed across
 * its restarts. {@link #cancelActor()} cancels the whole service.
 */
final class ServicePortal implements Portal {

    private final String name;
    private final List<Portal> replicas;
    private final Runnable cancel;
    private final AtomicInteger next = new AtomicInteger();

    ServicePortal(String name, List<Portal> replicas, Runnable cancel) {
        this.name = name;
        this.replicas = List.copyOf(replicas);
        this.cancel = cancel;
    }

    private Portal pick() {
        return replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
    }

    /** The identity of the first replica's current incarnation. */
    @Override
    public ActorUid uid() {
        return replicas.getFirst().uid();
    }

    @Override
    public Object run(String ns, String fn, Map<String, ?> kwargs) {
        return pick().run(ns, fn, kwargs);
    }

    @Override
    public <T> T run(String ns, String fn, Map<String, ?> kwargs, Class<T> resultType) {
        return pick().run(ns, fn, kwargs, resultType);
    }

    @Override
    public <T> ReceiveStream<T> openStreamFrom(String ns, String fn, Map<String, ?> kwargs, Class<T> itemType) {
        return pick().openStreamFrom(ns, fn, kwargs, itemType);
    }

    @Override
    public ContextHandle openContext(String ns, String fn, Map<String, ?> kwargs) {
        return pick().openContext(ns, fn, kwargs);
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
    public <T> T proxy(Class<T> api) {
        return TypedProxy.create(this, api);
    }

    @Override
    public String toString() {
        return "Portal[service " + name + ", " + replicas.size() + " replica(s)]";
    }
}
