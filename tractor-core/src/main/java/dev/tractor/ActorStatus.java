package dev.tractor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of one actor: identity, process, address, uptime, the calls it is serving, its live children and its
 * message counters. {@link ActorRuntime#status()} gives this actor's; another actor's comes over the wire from its
 * {@code self.status} function as a map ({@link #toWire()}), read back with {@link #fromWire}. Immutable.
 *
 * @param uid       the actor
 * @param pid       its process id
 * @param address   where it listens
 * @param startedAt when it opened
 * @param uptime    how long it has been open
 * @param tasks     the calls it is serving now
 * @param children  its children that are alive or not yet reaped
 * @param counters  messages sent and received, by kind
 * @param registry  the registry as this actor knows it without asking anyone
 * @param supervisors its nurseries that restart children, and whether any gave up
 */
public record ActorStatus(ActorUid uid, long pid, String address, Instant startedAt, Duration uptime,
                          List<Task> tasks, List<Child> children, Map<String, Long> counters, Registry registry,
                          List<Supervisor> supervisors) {

    /**
     * A call an actor is serving.
     *
     * @param function  {@code ns.fn}
     * @param cid       the call id
     * @param caller    the calling actor, as {@code name[uuid-prefix]}
     * @param startedAt when the call started
     */
    public record Task(String function, String cid, String caller, Instant startedAt) {
    }

    /**
     * A child actor.
     *
     * @param name      its name
     * @param uuid      its uuid (its current incarnation's, when it has been restarted)
     * @param pid       its process id
     * @param alive     whether its process is running
     * @param started   whether it has connected back and serves (false while it is still starting)
     * @param strategy  the restart strategy of the nursery that owns it ({@code one-cancels-all} by default)
     * @param restart   its restart policy ({@code permanent}, {@code transient}, {@code temporary}), or null under
     *                  {@code one-cancels-all}
     * @param restarts  how many times it has been restarted
     * @param history   its latest restarts, oldest first, with their causes
     * @param placement where it runs beyond this host's process table, from its spawn backend (a pod's
     *                  {@code namespace}, {@code pod}, {@code node}, {@code podIP}); empty for a local process
     */
    public record Child(String name, String uuid, long pid, boolean alive, boolean started, String strategy,
                        String restart, int restarts, List<Restart> history, Map<String, String> placement) {

        public Child {
            history = List.copyOf(history);
            placement = Map.copyOf(placement);
        }

        /** A child that runs as a local process. */
        public Child(String name, String uuid, long pid, boolean alive, boolean started, String strategy,
                     String restart, int restarts, List<Restart> history) {
            this(name, uuid, pid, alive, started, strategy, restart, restarts, history, Map.of());
        }

        /** A child of a nursery that does not restart. */
        public Child(String name, String uuid, long pid, boolean alive, boolean started) {
            this(name, uuid, pid, alive, started, "one-cancels-all", null, 0, List.of());
        }

        /** {@code starting}, {@code running} or {@code exited}. */
        public String state() {
            return !alive ? "exited" : started ? "running" : "starting";
        }
    }

    /**
     * One restart of a child.
     *
     * @param at       when the new incarnation started
     * @param cause    why: the failure of the previous incarnation (type and first line of its message), or
     *                 {@code ended normally} for a permanent child that ended by itself, or the sibling whose failure
     *                 restarted it
     * @param previous the uuid of the incarnation it replaced
     */
    public record Restart(Instant at, String cause, String previous) {
    }

    /**
     * A supervising nursery of this actor.
     *
     * @param strategy    its restart strategy
     * @param maxRestarts its restart limit
     * @param within      the period of its restart limit
     * @param restarts    the restarts it has made
     * @param gaveUp      whether it gave up (exceeded its limit, or a restarted child did not come up)
     * @param failures    what it gave up over, oldest first; empty unless it gave up
     */
    public record Supervisor(String strategy, int maxRestarts, Duration within, int restarts, boolean gaveUp,
                             List<String> failures) {

        public Supervisor {
            failures = List.copyOf(failures);
        }
    }

    /**
     * The registry of actors, as far as one actor knows it without asking anyone.
     *
     * @param registrar whether this actor is the registrar
     * @param address   where the registrar listens, or null if unknown
     * @param actors    the registered actors, by name; empty unless this actor is the registrar
     */
    public record Registry(boolean registrar, String address, List<Registered> actors) {

        public Registry {
            actors = List.copyOf(actors);
        }
    }

    /**
     * An actor registered with the registrar.
     *
     * @param name    the name it registered under
     * @param uid     the actor
     * @param address where it listens
     */
    public record Registered(String name, ActorUid uid, String address) {
    }

    public ActorStatus {
        tasks = List.copyOf(tasks);
        children = List.copyOf(children);
        counters = Map.copyOf(counters);
        supervisors = List.copyOf(supervisors);
    }

    /** A status without supervising nurseries. */
    public ActorStatus(ActorUid uid, long pid, String address, Instant startedAt, Duration uptime, List<Task> tasks,
                       List<Child> children, Map<String, Long> counters, Registry registry) {
        this(uid, pid, address, startedAt, uptime, tasks, children, counters, registry, List.of());
    }

    /** The map {@code self.status} answers: plain values only, timestamps and durations as ISO-8601 text. */
    public Map<String, Object> toWire() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("uid", List.of(uid.name(), uid.uuid()));
        s.put("pid", pid);
        s.put("address", address);
        s.put("startedAt", startedAt.toString());
        s.put("uptime", uptime.toString());
        List<Map<String, Object>> t = new ArrayList<>();
        for (Task task : tasks) {
            t.add(Map.of("function", task.function(), "cid", task.cid(), "caller", task.caller(),
                    "startedAt", task.startedAt().toString()));
        }
        s.put("tasks", t);
        List<Map<String, Object>> c = new ArrayList<>();
        for (Child child : children) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", child.name());
            m.put("uuid", child.uuid());
            m.put("pid", child.pid());
            m.put("alive", child.alive());
            m.put("started", child.started());
            m.put("strategy", child.strategy());
            if (child.restart() != null) {
                m.put("restart", child.restart());
            }
            m.put("restarts", child.restarts());
            List<Map<String, Object>> h = new ArrayList<>();
            for (Restart r : child.history()) {
                h.add(Map.of("at", r.at().toString(), "cause", r.cause(), "previous", r.previous()));
            }
            m.put("history", h);
            if (!child.placement().isEmpty()) {
                m.put("placement", new LinkedHashMap<>(child.placement()));
            }
            c.add(m);
        }
        s.put("children", c);
        List<Map<String, Object>> sup = new ArrayList<>();
        for (Supervisor v : supervisors) {
            sup.add(Map.of("strategy", v.strategy(), "maxRestarts", v.maxRestarts(), "within", v.within().toString(),
                    "restarts", v.restarts(), "gaveUp", v.gaveUp(), "failures", v.failures()));
        }
        s.put("supervisors", sup);
        s.put("counters", new TreeMap<>(counters));
        List<Map<String, Object>> registered = new ArrayList<>();
        for (Registered r : registry.actors()) {
            registered.add(Map.of("name", r.name(), "uid", List.of(r.uid().name(), r.uid().uuid()),
                    "address", r.address()));
        }
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("registrar", registry.registrar());
        if (registry.address() != null) {
            reg.put("address", registry.address());
        }
        reg.put("actors", registered);
        s.put("registry", reg);
        return s;
    }

    /**
     * Reads the map another actor's {@code self.status} answered.
     *
     * @throws TractorException if it is not an actor status
     */
    public static ActorStatus fromWire(Map<?, ?> status) {
        try {
            List<?> uid = (List<?>) status.get("uid");
            List<Task> tasks = new ArrayList<>();
            for (Object o : (List<?>) status.get("tasks")) {
                Map<?, ?> t = (Map<?, ?>) o;
                tasks.add(new Task(text(t.get("function")), text(t.get("cid")), text(t.get("caller")),
                        Instant.parse(text(t.get("startedAt")))));
            }
            List<Child> children = new ArrayList<>();
            for (Object o : (List<?>) status.get("children")) {
                Map<?, ?> c = (Map<?, ?>) o;
                List<Restart> history = new ArrayList<>();
                if (c.get("history") instanceof List<?> list) {
                    for (Object h : list) {
                        Map<?, ?> r = (Map<?, ?>) h;
                        history.add(new Restart(Instant.parse(text(r.get("at"))), text(r.get("cause")),
                                text(r.get("previous"))));
                    }
                }
                Object strategy = c.get("strategy");
                Object restart = c.get("restart");
                Map<String, String> placement = new LinkedHashMap<>();
                if (c.get("placement") instanceof Map<?, ?> where) {
                    where.forEach((k, v) -> placement.put(text(k), text(v)));
                }
                children.add(new Child(text(c.get("name")), text(c.get("uuid")), ((Number) c.get("pid")).longValue(),
                        Boolean.TRUE.equals(c.get("alive")), !Boolean.FALSE.equals(c.get("started")),
                        strategy == null ? "one-cancels-all" : text(strategy), restart == null ? null : text(restart),
                        c.get("restarts") instanceof Number n ? n.intValue() : 0, history, placement));
            }
            List<Supervisor> supervisors = new ArrayList<>();
            if (status.get("supervisors") instanceof List<?> list) {
                for (Object o : list) {
                    Map<?, ?> v = (Map<?, ?>) o;
                    List<String> failures = new ArrayList<>();
                    if (v.get("failures") instanceof List<?> f) {
                        f.forEach(x -> failures.add(text(x)));
                    }
                    supervisors.add(new Supervisor(text(v.get("strategy")), ((Number) v.get("maxRestarts")).intValue(),
                            Duration.parse(text(v.get("within"))), ((Number) v.get("restarts")).intValue(),
                            Boolean.TRUE.equals(v.get("gaveUp")), failures));
                }
            }
            Map<String, Long> counters = new TreeMap<>();
            if (status.get("counters") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> counters.put(text(k), ((Number) v).longValue()));
            }
            return new ActorStatus(uid(uid), ((Number) status.get("pid")).longValue(), text(status.get("address")),
                    Instant.parse(text(status.get("startedAt"))), Duration.parse(text(status.get("uptime"))),
                    tasks, children, counters, registry(status.get("registry")), supervisors);
        } catch (RuntimeException e) {
            throw new TractorException("not an actor status: " + e.getMessage(), e);
        }
    }

    private static ActorUid uid(List<?> pair) {
        return new ActorUid(text(pair.get(0)), text(pair.get(1)));
    }

    private static Registry registry(Object wire) {
        if (!(wire instanceof Map<?, ?> reg)) {
            return new Registry(false, null, List.of());
        }
        List<Registered> actors = new ArrayList<>();
        if (reg.get("actors") instanceof List<?> list) {
            for (Object o : list) {
                Map<?, ?> r = (Map<?, ?>) o;
                actors.add(new Registered(text(r.get("name")), uid((List<?>) r.get("uid")), text(r.get("address"))));
            }
        }
        Object address = reg.get("address");
        return new Registry(Boolean.TRUE.equals(reg.get("registrar")), address == null ? null : text(address), actors);
    }

    private static String text(Object value) {
        return String.valueOf(value);
    }
}
