package dev.tractor.spring;

import dev.tractor.ActorRuntime;
import dev.tractor.ForwardingPortal;
import dev.tractor.Portal;
import dev.tractor.ServiceSpec;
import java.util.Objects;

/**
 * The portal of a service declared under {@code tractor.services.<name>}, injectable by the service's name
 * ({@code @Qualifier("calc") Portal calc}). Each call asks the runtime for the service
 * ({@link ActorRuntime#service(String, ServiceSpec)}) and goes to what it answers: the running service (which follows
 * its replicas across restarts), or, if the service was cancelled or its supervisor gave up, a new one started as
 * declared. Created before the actor runtime opens; calls before it opens or after it closes throw
 * {@link dev.tractor.TractorException}. Thread-safe.
 */
public final class ServicePortal extends ForwardingPortal {

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

    @Override
    protected Portal delegate() {
        return current();
    }

    /** Cancels the service (every replica) and waits for it; the next call starts it again. */
    @Override
    public void cancelActor() {
        runtime.cancelService(name);
    }

    @Override
    public String toString() {
        return "ServicePortal[" + name + "]";
    }
}
