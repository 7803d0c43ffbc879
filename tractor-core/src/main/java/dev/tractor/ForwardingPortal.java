package dev.tractor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A portal that forwards each call to the portal {@link #delegate()} answers at the moment of the call: the base of
 * portals that follow an actor by name across its incarnations (a supervised child, a service). Which actor a call
 * reaches is decided once, when it starts; a call that fails is never repeated on another. Blocking, interrupts and
 * errors are the delegate's. Subclasses override {@link #uid()}, {@link #result()} or {@link #cancelActor()} where
 * forwarding is not what they mean.
 */
public abstract class ForwardingPortal implements Portal {

    /** The portal the next call goes to; may block (bounded) while the actor it follows restarts. */
    protected abstract Portal delegate();

    @Override
    public ActorUid uid() {
        return delegate().uid();
    }

    @Override
    public Object run(String ns, String fn, Map<String, ?> kwargs) {
        return delegate().run(ns, fn, kwargs);
    }

    @Override
    public <T> T run(String ns, String fn, Map<String, ?> kwargs, Class<T> resultType) {
        return delegate().run(ns, fn, kwargs, resultType);
    }

    @Override
    public <T> ReceiveStream<T> openStreamFrom(String ns, String fn, Map<String, ?> kwargs, Class<T> itemType) {
        return delegate().openStreamFrom(ns, fn, kwargs, itemType);
    }

    @Override
    public ContextHandle openContext(String ns, String fn, Map<String, ?> kwargs) {
        return delegate().openContext(ns, fn, kwargs);
    }

    @Override
    public Object result() {
        return delegate().result();
    }

    @Override
    public <T> T result(Class<T> type) {
        return delegate().result(type);
    }

    @Override
    public void cancelActor() {
        delegate().cancelActor();
    }

    /** A proxy of {@code api} whose every call goes through {@link #delegate()} of the moment, as {@link #run} does. */
    @Override
    public <T> T proxy(Class<T> api) {
        Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> api.getSimpleName() + " of " + this;
                };
            }
            try {
                return method.invoke(delegate().proxy(api), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return api.cast(proxy);
    }
}
