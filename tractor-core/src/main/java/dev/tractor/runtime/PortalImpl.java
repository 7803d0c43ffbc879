package dev.tractor.runtime;

import com.fasterxml.jackson.databind.JavaType;
import dev.tractor.ActorUid;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.TractorException;
import dev.tractor.wire.Functype;
import dev.tractor.wire.ValueCodec;
import java.util.Map;

/**
 * The {@link Portal} to one peer. For a child of this actor it also gives access to the child's
 * {@code runInActor} result and cancels the process (gracefully, then by force).
 */
public final class PortalImpl implements Portal {

    private final Actor actor;
    private final Peer peer;
    private final ChildActor child;

    PortalImpl(Actor actor, Peer peer, ChildActor child) {
        this.actor = actor;
        this.peer = peer;
        this.child = child;
    }

    @Override
    public ActorUid uid() {
        return peer.uid();
    }

    @Override
    public Object run(String ns, String fn, Map<String, ?> kwargs) {
        long t0 = System.nanoTime();
        String outcome = "error";
        try (Call call = peer.call(ns, fn, kwargs)) {
            call.awaitFunctype(Functype.Kind.ASYNCFUNC);
            Object value = call.awaitReturn();
            outcome = "success";
            return value;
        } catch (dev.tractor.ContextCancelled e) {
            outcome = "cancelled";
            throw e;
        } catch (dev.tractor.ActorDied e) {
            outcome = "died";
            throw e;
        } finally {
            actor.events().callCompleted(ns, fn, outcome, java.time.Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    @Override
    public <T> T run(String ns, String fn, Map<String, ?> kwargs, Class<T> resultType) {
        return Values.convert(run(ns, fn, kwargs), resultType);
    }

    /** Calls a plain function and converts its result to a generic type. */
    public Object run(String ns, String fn, Map<String, ?> kwargs, JavaType resultType) {
        return Values.convert(run(ns, fn, kwargs), resultType);
    }

    @Override
    public <T> ReceiveStream<T> openStreamFrom(String ns, String fn, Map<String, ?> kwargs, Class<T> itemType) {
        Call call = peer.call(ns, fn, kwargs);
        try {
            call.awaitFunctype(Functype.Kind.ASYNCGEN);
        } catch (RuntimeException e) {
            call.close();
            throw e;
        }
        StreamEndpoint endpoint = call.stream();
        endpoint.open();
        return new MsgStreamImpl<>(endpoint, itemType, () -> finishStream(call, endpoint));
    }

    /**
     * Closing a stream: cancel the producer unless it has finished (sent {@code stop}) or ended, then
     * wait (bounded by the grace period) for its last answer. A producer being cancelled gets no more
     * credit, so it produces nothing beyond its window meanwhile.
     */
    private void finishStream(Call call, StreamEndpoint endpoint) {
        if (!call.ended() && !endpoint.stopReceived()) {
            endpoint.discard();
            call.cancelRemote();
        } else {
            endpoint.closeLocally();
        }
        call.awaitEndAndClose(actor.config().cancelGracePeriod().toMillis());
        recordEnd(call);
    }

    /** Tells the listeners (the calls metric) how a stream or context call ended. */
    private void recordEnd(Call call) {
        String qualified = call.function();
        int dot = qualified.indexOf('.');
        actor.events().callCompleted(dot < 0 ? "" : qualified.substring(0, dot), qualified.substring(dot + 1),
                call.outcome(), call.elapsed());
    }

    @Override
    public ContextHandle openContext(String ns, String fn, Map<String, ?> kwargs) {
        Call call = peer.call(ns, fn, kwargs);
        try {
            call.awaitFunctype(Functype.Kind.CONTEXT);
        } catch (RuntimeException e) {
            call.close();
            throw e;
        }
        return new ContextHandleImpl(call, actor.config().cancelGracePeriod().toMillis(), this::recordEnd);
    }

    @Override
    public Object result() {
        return requireChild("result()").result();
    }

    @Override
    public <T> T result(Class<T> type) {
        return Values.convert(result(), type);
    }

    @Override
    public void cancelActor() {
        if (child != null) {
            child.cancel();
        } else {
            actor.cancelPeer(peer);
        }
    }

    @Override
    public <T> T proxy(Class<T> api) {
        return TypedProxy.create(this, api);
    }

    Peer peer() {
        return peer;
    }

    private ChildActor requireChild(String what) {
        if (child == null || !child.hasTask()) {
            throw new TractorException(what + " is only for actors started with runInActor; " + peer.uid()
                    + " was not");
        }
        return child;
    }

    static JavaType typeOf(java.lang.reflect.Type type) {
        return ValueCodec.mapper().getTypeFactory().constructType(type);
    }

    @Override
    public String toString() {
        return "Portal[" + peer.uid() + "]";
    }
}
