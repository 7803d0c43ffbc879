package dev.tractor.spring.metrics;

import dev.tractor.ActorUid;
import dev.tractor.SupervisorGaveUp;
import dev.tractor.observe.RuntimeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer meters of the actor runtime, fed by its {@link RuntimeListener} events:
 * <ul>
 * <li>{@code tractor.calls} (timer; tags {@code namespace}, {@code function}, {@code outcome}: success,
 * error, cancelled, died) — calls this actor made;</li>
 * <li>{@code tractor.actors.active} (gauge) — live child actors;</li>
 * <li>{@code tractor.spawn} (timer; tag {@code outcome}: success, failure) — from spawn to handshake;</li>
 * <li>{@code tractor.stream.items} (counter; tag {@code direction}: in, out) — stream items received and sent;</li>
 * <li>{@code tractor.restarts} (counter; tags {@code name}, the restarted child's, and {@code cause}, the simple class
 * name of the failure that restarted it, e.g. {@code ActorDied}, or {@code normal} for a permanent child that ended by
 * itself) — restarts by this actor's supervisors;</li>
 * <li>{@code tractor.supervisors.gave.up} (counter) — this actor's supervisors that exceeded their restart limit or
 * could not restart a child, and gave up.</li>
 * </ul>
 * Events before {@link #bindTo} are not counted (the runtime opens after the registry is bound).
 */
public class TractorMetrics implements MeterBinder, RuntimeListener {

    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    private volatile Counter itemsIn;
    private volatile Counter itemsOut;
    private volatile Counter gaveUp;

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("tractor.actors.active", active, Set::size)
                .description("Live child actors of this actor").register(registry);
        itemsIn = streamItems(registry, "in");
        itemsOut = streamItems(registry, "out");
        gaveUp = Counter.builder("tractor.supervisors.gave.up")
                .description("Supervisors of this actor that gave up and cancelled their children").register(registry);
        this.registry = registry;
    }

    private static Counter streamItems(MeterRegistry registry, String direction) {
        return Counter.builder("tractor.stream.items").tag("direction", direction)
                .description("Stream items received (in) and sent (out)").register(registry);
    }

    @Override
    public void actorSpawned(ActorUid child, long pid, Duration took) {
        active.add(child.uuid());
        spawn("success", took);
    }

    @Override
    public void spawnFailed(String name, Duration took, Throwable error) {
        spawn("failure", took);
    }

    @Override
    public void actorExited(ActorUid child, Integer exitCode, boolean cancelled) {
        active.remove(child.uuid());
    }

    @Override
    public void callCompleted(String ns, String fn, String outcome, Duration took) {
        MeterRegistry r = registry;
        if (r != null) {
            Timer.builder("tractor.calls").tag("namespace", ns).tag("function", fn).tag("outcome", outcome)
                    .description("Calls this actor made to other actors").register(r).record(took);
        }
    }

    @Override
    public void streamItem(String direction) {
        Counter c = "in".equals(direction) ? itemsIn : itemsOut;
        if (c != null) {
            c.increment();
        }
    }

    @Override
    public void actorRestarted(String name, ActorUid previous, ActorUid next, Throwable cause, int restarts) {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("tractor.restarts").tag("name", name).tag("cause", cause(cause))
                    .description("Child actors restarted by this actor's supervisors").register(r).increment();
        }
    }

    @Override
    public void supervisorGaveUp(ActorUid owner, SupervisorGaveUp error) {
        Counter c = gaveUp;
        if (c != null) {
            c.increment();
        }
    }

    /** The {@code cause} tag: the failure's simple class name, or {@code normal} for a child that ended by itself. */
    static String cause(Throwable cause) {
        if (cause == null) {
            return "normal";
        }
        String simple = cause.getClass().getSimpleName();
        return simple.isEmpty() ? cause.getClass().getName() : simple;
    }

    private void spawn(String outcome, Duration took) {
        MeterRegistry r = registry;
        if (r != null) {
            Timer.builder("tractor.spawn").tag("outcome", outcome)
                    .description("Time from starting a child actor until it connected back").register(r).record(took);
        }
    }
}
