package dev.tractor.spring.actuate.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tractor.ActorStatus;
import dev.tractor.RestartPolicy;
import dev.tractor.ServiceSpec;
import dev.tractor.spring.ActorFunctionDescriptor;
import dev.tractor.spring.ActorFunctionRegistry;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The response types of the {@code tractor} endpoint: small records built from an actor's
 * {@link ActorStatus} (local, or read from the wire), never the runtime's own objects.
 */
public final class TractorDescriptors {

    private TractorDescriptors() {
    }

    /**
     * An actor, its children and (for this actor) the functions it exposes.
     *
     * @param self      the actor
     * @param children  its live children
     * @param functions what it exposes (only for the local actor)
     * @param registry  where its registrar is, and the registered actors if it is the registrar (only for the local actor)
     * @param supervisors its nurseries that restart children
     * @param services  the services declared under {@code tractor.services} and those it runs (only for the local actor)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TreeDescriptor(ActorDescriptor self, List<ChildDescriptor> children,
                                 List<ActorFunctionDescriptor> functions, RegistryDescriptor registry,
                                 List<SupervisorDescriptor> supervisors, List<ServiceDescriptor> services)
            implements OperationResponseBody {
    }

    /**
     * A supervising nursery.
     *
     * @param strategy    its restart strategy ({@code one-for-one}, {@code one-for-all}, {@code rest-for-one})
     * @param maxRestarts its restart limit
     * @param within      the period of its restart limit (ISO-8601 duration)
     * @param restarts    the restarts it has made
     * @param gaveUp      whether it gave up (exceeded its limit, or a restarted child did not come up)
     * @param failures    what it gave up over, oldest first; empty unless it gave up
     */
    public record SupervisorDescriptor(String strategy, int maxRestarts, String within, int restarts, boolean gaveUp,
                                       List<String> failures) {

        static SupervisorDescriptor of(ActorStatus.Supervisor s) {
            return new SupervisorDescriptor(s.strategy(), s.maxRestarts(), s.within().toString(), s.restarts(),
                    s.gaveUp(), s.failures());
        }
    }

    /**
     * A service actor.
     *
     * @param name     its name
     * @param declared whether it is declared under {@code tractor.services}
     * @param running  whether this actor runs it now
     * @param replicas how many actors serve it (declared services only)
     * @param actors   the names of its replicas (declared services only)
     * @param strategy its restart strategy (declared services only)
     * @param restart  its replicas' restart policy (declared services only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceDescriptor(String name, boolean declared, boolean running, Integer replicas,
                                    List<String> actors, String strategy, String restart) {

        static ServiceDescriptor of(String name, ServiceSpec spec, boolean running) {
            if (spec == null) {
                return new ServiceDescriptor(name, false, running, null, null, null, null);
            }
            RestartPolicy restart = spec.options().restart();
            return new ServiceDescriptor(name, true, running, spec.replicas(), spec.replicaNames(name),
                    wireName(spec.supervision().strategy()), restart == null ? null : wireName(restart));
        }

        private static String wireName(Enum<?> value) {
            return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The registry of actors of this host, as far as this actor knows it without asking anyone.
     *
     * @param registrar whether this actor is the registrar
     * @param address   where the registrar listens
     * @param actors    the registered actors (only when this actor is the registrar)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegistryDescriptor(boolean registrar, String address, List<RegisteredActor> actors) {

        static RegistryDescriptor of(ActorStatus.Registry registry) {
            List<RegisteredActor> actors = registry.actors().stream()
                    .map(r -> new RegisteredActor(r.name(), r.uid().uuid(), r.address())).toList();
            return new RegistryDescriptor(registry.registrar(), registry.address(), registry.registrar() ? actors : null);
        }
    }

    /**
     * An actor registered with the registrar.
     *
     * @param name    the name it registered under
     * @param uid     its uuid
     * @param address where it listens
     */
    public record RegisteredActor(String name, String uid, String address) {
    }

    /**
     * One actor as it reports itself.
     *
     * @param name        its name
     * @param uid         its uuid
     * @param pid         its process id
     * @param address     where it listens
     * @param startedAt   when it opened (ISO-8601)
     * @param uptime      how long it has been open (ISO-8601 duration)
     * @param tasks       the calls it is serving now
     * @param openStreams how many of those are streaming or context functions (open streams it serves)
     * @param counters    messages sent and received
     */
    public record ActorDescriptor(String name, String uid, long pid, String address, String startedAt, String uptime,
                                  List<TaskDescriptor> tasks, long openStreams, Map<String, Long> counters) {

        static ActorDescriptor of(ActorStatus status, ActorFunctionRegistry functions) {
            List<TaskDescriptor> tasks = new ArrayList<>();
            for (ActorStatus.Task t : status.tasks()) {
                tasks.add(TaskDescriptor.of(t, functions));
            }
            long streams = tasks.stream()
                    .filter(t -> "asyncgen".equals(t.functype()) || "context".equals(t.functype())).count();
            return new ActorDescriptor(status.uid().name(), status.uid().uuid(), status.pid(), status.address(),
                    status.startedAt().toString(), status.uptime().truncatedTo(ChronoUnit.SECONDS).toString(),
                    tasks, streams, new TreeMap<>(status.counters()));
        }
    }

    /**
     * A call an actor is serving.
     *
     * @param namespace the function's namespace
     * @param function  the function's name
     * @param functype  asyncfunc, asyncgen or context (null if the function is unknown here)
     * @param cid       the call id
     * @param caller    the calling actor
     * @param startedAt when the call started (ISO-8601)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskDescriptor(String namespace, String function, String functype, String cid, String caller,
                                 String startedAt) {

        static TaskDescriptor of(ActorStatus.Task task, ActorFunctionRegistry functions) {
            String qualified = task.function();
            int dot = qualified.lastIndexOf('.');
            String ns = dot < 0 ? "" : qualified.substring(0, dot);
            String fn = qualified.substring(dot + 1);
            String functype = "self".equals(ns) ? "asyncfunc"
                    : functions.find(ns, fn).map(ActorFunctionDescriptor::functype).orElse(null);
            return new TaskDescriptor(ns, fn, functype, task.cid(), task.caller(), task.startedAt().toString());
        }
    }

    /**
     * A child actor.
     *
     * @param name     its name
     * @param uid      its uuid (its current incarnation's, when it has been restarted)
     * @param pid      its process id
     * @param alive    whether its process is running
     * @param state    {@code starting} (not connected back yet), {@code running} or {@code exited}
     * @param since    when it came up (ISO-8601; only known to its parent)
     * @param uptime   how long it has been up (only known to its parent)
     * @param strategy the restart strategy of the nursery that owns it ({@code one-cancels-all} by default)
     * @param restart  its restart policy ({@code permanent}, {@code transient}, {@code temporary}); absent under
     *                 {@code one-cancels-all}
     * @param restarts how many times it has been restarted
     * @param history  its latest restarts, oldest first: when, why, and the uuid of the incarnation replaced
     * @param placement where a child that is not a local process runs (a pod: its namespace, pod name, node, pod
     *                 IP); absent for a local process
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChildDescriptor(String name, String uid, long pid, boolean alive, String state, String since,
                                  String uptime, String strategy, String restart, int restarts,
                                  List<RestartDescriptor> history, Map<String, String> placement) {

        static ChildDescriptor of(ActorStatus.Child child, String since, String uptime) {
            return new ChildDescriptor(child.name(), child.uuid(), child.pid(), child.alive(), child.state(), since,
                    uptime, child.strategy(), child.restart(), child.restarts(),
                    child.history().stream().map(RestartDescriptor::of).toList(),
                    child.placement().isEmpty() ? null : child.placement());
        }
    }

    /**
     * One restart of a child.
     *
     * @param at       when the new incarnation started (ISO-8601)
     * @param cause    why: the previous incarnation's failure (type and first line of its message), {@code ended
     *                 normally}, or the sibling whose failure restarted it
     * @param previous the uuid of the incarnation it replaced
     */
    public record RestartDescriptor(String at, String cause, String previous) {

        static RestartDescriptor of(ActorStatus.Restart restart) {
            return new RestartDescriptor(restart.at().toString(), restart.cause(), restart.previous());
        }
    }
}
