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
 */
public record ActorStatus(ActorUid uid, long pid, String address, Instant startedAt, Duration uptime,
                          List<Task> tasks, List<Child> children, Map<String, Long> counters) {

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
     * @param name  its name
     * @param uuid  its uuid
     * @param pid   its process id
     * @param alive whether its process is running
     */
    public record Child(String name, String uuid, long pid, boolean alive) {
    }

    public ActorStatus {
        tasks = List.copyOf(tasks);
        children = List.copyOf(children);
        counters = Map.copyOf(counters);
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
            c.add(Map.of("name", child.name(), "uuid", child.uuid(), "pid", child.pid(), "alive", child.alive()));
        }
        s.put("children", c);
        s.put("counters", new TreeMap<>(counters));
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
                children.add(new Child(text(c.get("name")), text(c.get("uuid")), ((Number) c.get("pid")).longValue(),
                        Boolean.TRUE.equals(c.get("alive"))));
            }
            Map<String, Long> counters = new TreeMap<>();
            if (status.get("counters") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> counters.put(text(k), ((Number) v).longValue()));
            }
            return new ActorStatus(new ActorUid(text(uid.get(0)), text(uid.get(1))),
                    ((Number) status.get("pid")).longValue(), text(status.get("address")),
                    Instant.parse(text(status.get("startedAt"))), Duration.parse(text(status.get("uptime"))),
                    tasks, children, counters);
        } catch (RuntimeException e) {
            throw new TractorException("not an actor status: " + e.getMessage(), e);
        }
    }

    private static String text(Object value) {
        return String.valueOf(value);
    }
}
