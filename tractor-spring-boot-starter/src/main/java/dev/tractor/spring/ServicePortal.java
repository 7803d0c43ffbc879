package dev.tractor.spring;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.ServiceSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The portal of a service declared under {@code tractor.services.<name>}, injectable by the service's name
 * ({@code @Qualifier("calc") Portal calc}). Each call asks the runtime for the service
 * ({@link ActorRuntime#service(String, ServiceSpec)}) and goes to what it answers: the running service (which follows
 * its replicas across restarts), or, if the service was cancelled or its supervisor gave up, a new one started as
 * declared. Created before the actor runtime opens; calls before it opens or after it closes throw
 * {@link dev.tractor.TractorException}. Thread-safe.
 */
public final class ServicePortal implements Portal {

    private final ActorRuntime runtime;
    private final String name;
    private final ServiceSpec spec;

    public ServicePortal(ActorRuntime runtime, String name, ServiceSpec spec) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** The service's name. */
    public String name() {
        return name;
    }

    /** How the service is started when it is not running. */
    public ServiceSpec spec() {
        return spec;
    }

    /** The service's portal now: get-or-create. */
    public Portal current() {
        return runtime.service(name, spec);
    }

    /** The uid the service's portal answers now (a service of several replicas answers one of them). */
    @Override
    public ActorUid uid() {
        return current().uid();
    }

    @Override
    public Object run(String ns, String fn, Map<String, ?> kwargs) {
        return current().run(ns, fn, kwargs);
    }

    @Override
    public <T> T run(String ns, String fn, Map<String, ?> kwargs, Class<T> resultType) {
        return current().run(ns, fn, kwargs, resultType);
    }

    @Override
    public Object run(String ns, String fn, Map<String, ?> kwargs, Duration timeout) {
        return current().run(ns, fn, kwargs, timeout);
    }

    @Override
    public <T> T run(String ns, String fn, Map<String, ?> kwargs, Class<T> resultType, Duration timeout) {
        return current().run(ns, fn, kwargs, resultType, timeout);
    }

    @Override
    public <T> ReceiveStream<T> openStreamFrom(String ns, String fn, Map<String, ?> kwargs, Class<T> itemType) {
        return current().openStreamFrom(ns, fn, kwargs, itemType);
    }

    @Override
    public ContextHandle openContext(String ns, String fn, Map<String, ?> kwargs) {
        return current().openContext(ns, fn, kwargs);
    }

    @Override
    public Object result() {
        return current().result();
    }

    @Override
    public <T> T result(Class<T> type) {
        return current().result(type);
    }

    /** Cancels the service (every replica) and waits for it; the next call starts it again. */
    @Override
    public void cancelActor() {
        runtime.cancelService(name);
    }

    /** A proxy of {@code api} whose every call goes to the service's portal of the moment, as {@link #run} does. */
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
                return method.invoke(current().proxy(api), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return api.cast(proxy);
    }

    @Override
    public String toString() {
        return "ServicePortal[" + name + "]";
    }
}
