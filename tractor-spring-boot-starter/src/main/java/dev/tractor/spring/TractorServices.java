package dev.tractor.spring;

import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.ServiceSpec;
import dev.tractor.TractorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The service actors declared under {@code tractor.services.*}, in the root actor's context. They start when the
 * context starts, right after the actor runtime opens ({@link #PHASE}): each is got-or-created
 * ({@link ActorRuntime#service(String, ServiceSpec)}), all at once, and the start fails, naming the service, if one
 * does not come up. They are supervised by the runtime as declared and cancelled with everything else it owns when it
 * closes. {@link #portal(String)} gives a declared service's portal, which is also a bean named after the service.
 * Thread-safe.
 */
public final class TractorServices implements SmartLifecycle {

    /** Just after the runtime's phase: services start once the actor is open, and stop before it closes. */
    public static final int PHASE = ManagedActorRuntime.PHASE + 1;

    private static final Logger log = LoggerFactory.getLogger(TractorServices.class);

    private final ActorRuntime runtime;
    private final Map<String, ServiceSpec> declared;
    private final Map<String, ServicePortal> portals = new ConcurrentHashMap<>();
    private volatile boolean running;

    /** The services {@code declared} (by name, in start order) of {@code runtime}. */
    public TractorServices(ActorRuntime runtime, Map<String, ServiceSpec> declared) {
        this.runtime = runtime;
        this.declared = Collections.unmodifiableMap(new LinkedHashMap<>(declared));
    }

    /** The declared services, by name. */
    public Map<String, ServiceSpec> declared() {
        return declared;
    }

    /** The services the runtime runs now, declared or not; empty while it is not open. */
    public Set<String> running() {
        return ManagedActorRuntime.ifOpen(runtime).map(ActorRuntime::services).orElse(Set.of());
    }

    /**
     * The portal of the declared service {@code name}, as injected by name.
     *
     * @throws IllegalArgumentException if no service of that name is declared
     */
    public ServicePortal portal(String name) {
        ServiceSpec spec = declared.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no service called '" + name + "' is declared under tractor.services; "
                    + "declared: " + declared.keySet());
        }
        return portals.computeIfAbsent(name, n -> new ServicePortal(runtime, n, spec));
    }

    /** The portal of the declared service {@code name}, if there is one. */
    public Optional<Portal> find(String name) {
        return declared.containsKey(name) ? Optional.of(portal(name)) : Optional.empty();
    }

    /** Starts every declared service at once; fails, having cancelled those it started, if one does not come up. */
    @Override
    public void start() {
        if (running) {
            return;
        }
        if (!declared.isEmpty()) {
            startAll();
        }
        running = true;
    }

    private void startAll() {
        Map<String, Thread> starters = new LinkedHashMap<>();
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        for (Map.Entry<String, ServiceSpec> e : declared.entrySet()) {
            starters.put(e.getKey(), Thread.ofVirtual().name("tractor-service-" + e.getKey()).start(() -> {
                try {
                    runtime.service(e.getKey(), e.getValue());
                } catch (RuntimeException | Error t) {
                    failed.put(e.getKey(), t);
                }
            }));
        }
        boolean interrupted = false;
        for (Thread t : starters.values()) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed.isEmpty()) {
            log.info("Services started: {}", declared.keySet());
            return;
        }
        for (String name : declared.keySet()) {
            if (!failed.containsKey(name)) {
                try {
                    runtime.cancelService(name);
                } catch (RuntimeException e) {
                    log.debug("cancelling service '{}' after another failed to start: {}", name, e.toString());
                }
            }
        }
        List<String> names = new ArrayList<>(declared.keySet());
        names.retainAll(failed.keySet());
        Throwable first = failed.get(names.getFirst());
        TractorException error = new TractorException("the service" + (names.size() > 1 ? "s " : " ")
                + String.join(", ", names.stream().map(n -> "'" + n + "' (tractor.services." + n + ")").toList())
                + " did not start: " + first.getMessage(), first);
        names.stream().skip(1).map(failed::get).forEach(error::addSuppressed);
        throw error;
    }

    /** Nothing to do here: the runtime cancels its services when it closes, in the next phase. */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public String toString() {
        return "TractorServices" + declared.keySet();
    }
}
