package dev.tractor.spring.actuate.endpoint;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorStatus;
import dev.tractor.Portal;
import dev.tractor.spring.ActorFunctionRegistry;
import dev.tractor.spring.ChildActorMonitor;
import dev.tractor.spring.ManagedActorRuntime;
import dev.tractor.spring.TractorServices;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.ActorDescriptor;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.ChildDescriptor;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.RegistryDescriptor;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.ServiceDescriptor;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.SupervisorDescriptor;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.TreeDescriptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code tractor} actuator endpoint. {@code GET /actuator/tractor} shows this actor (identity,
 * address, uptime, running tasks, open streams, message counters), its live children (with their restart strategy,
 * restart policy, restarts and the causes of their latest restarts), its supervisors (strategy, limit, restarts,
 * whether they gave up and over what), its services (declared under {@code tractor.services} or running) and the
 * functions it exposes, read from local state only. {@code GET /actuator/tractor/{name}} shows one
 * child as that child reports itself, asked over the wire ({@code self.status}); 404 when this actor
 * has no live child of that name.
 */
@Endpoint(id = "tractor")
public class TractorEndpoint {

    private final ActorRuntime runtime;
    private final ActorFunctionRegistry functions;
    private final ChildActorMonitor monitor;
    private final TractorServices services;

    public TractorEndpoint(ActorRuntime runtime, ActorFunctionRegistry functions, ChildActorMonitor monitor) {
        this(runtime, functions, monitor, null);
    }

    /** An endpoint that also lists the services declared in {@code services} (may be null). */
    public TractorEndpoint(ActorRuntime runtime, ActorFunctionRegistry functions, ChildActorMonitor monitor,
                           TractorServices services) {
        this.runtime = runtime;
        this.functions = functions;
        this.monitor = monitor;
        this.services = services;
    }

    /** This actor and its tree; empty-handed (but not failing) when the runtime is not running. */
    @ReadOperation
    public TreeDescriptor tree() {
        Optional<ActorRuntime> actor = ManagedActorRuntime.ifOpen(runtime);
        if (actor.isEmpty()) {
            return new TreeDescriptor(null, List.of(), functions.functions(), null, List.of(), services(Set.of()));
        }
        ActorStatus status = actor.get().status();
        RegistryDescriptor registry = RegistryDescriptor.of(status.registry());
        return new TreeDescriptor(ActorDescriptor.of(status, functions), children(status), functions.functions(),
                registry, supervisors(status), services(actor.get().services()));
    }

    private static List<SupervisorDescriptor> supervisors(ActorStatus status) {
        return status.supervisors().stream().map(SupervisorDescriptor::of).toList();
    }

    /** The declared services first, in their order, then the others this actor runs. */
    private List<ServiceDescriptor> services(Set<String> running) {
        Set<String> names = new LinkedHashSet<>();
        if (services != null) {
            names.addAll(services.declared().keySet());
        }
        running.stream().sorted().forEach(names::add);
        List<ServiceDescriptor> list = new ArrayList<>();
        for (String name : names) {
            list.add(ServiceDescriptor.of(name, services == null ? null : services.declared().get(name),
                    running.contains(name)));
        }
        return list;
    }

    /** One child actor, asked over the wire; null (404) if there is no live child called {@code name}. */
    @ReadOperation
    public TreeDescriptor actor(@Selector String name) {
        Optional<Portal> portal = ManagedActorRuntime.ifOpen(runtime).flatMap(a -> a.child(name));
        if (portal.isEmpty()) {
            return null;
        }
        ActorStatus status = ActorStatus.fromWire(portal.get().run("self", "status", Map.of(), Map.class));
        List<ChildDescriptor> children = status.children().stream().map(c -> ChildDescriptor.of(c, null, null)).toList();
        return new TreeDescriptor(ActorDescriptor.of(status, functions), children, null, null, supervisors(status), null);
    }

    private List<ChildDescriptor> children(ActorStatus status) {
        List<ChildDescriptor> children = new ArrayList<>();
        Instant now = Instant.now();
        for (ActorStatus.Child c : status.children()) {
            Optional<ChildActorMonitor.LiveChild> live = monitor.child(c.uuid());
            children.add(ChildDescriptor.of(c, live.map(l -> l.since().toString()).orElse(null),
                    live.map(l -> Duration.between(l.since(), now).withNanos(0).toString()).orElse(null)));
        }
        return children;
    }
}
