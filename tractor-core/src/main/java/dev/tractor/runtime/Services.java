package dev.tractor.runtime;

import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.Portal;
import dev.tractor.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service actors one actor runs: get-or-create by name, each service a supervising nursery of its own (owned by
 * the actor, not by the caller's cancel scope), cancelled by name or when the actor closes. Thread-safe; concurrent
 * callers asking for one name start it once.
 */
final class Services {

    private static final Logger log = LoggerFactory.getLogger(Services.class);

    private record Service(String name, Nursery nursery, Portal portal) {
    }

    private final Actor actor;
    private final Map<String, Service> running = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    Services(Actor actor) {
        this.actor = actor;
    }

    Portal getOrCreate(String name, ServiceSpec spec) {
        ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
        lock.lock();
        try {
            Service s = running.get(name);
            if (s != null) {
                if (s.nursery().gaveUpWith() == null) {
                    return s.portal();
                }
                log.info("service '{}' of {} gave up earlier; starting it again", name, actor.uid());
                cancel(name);
            }
            if (spec.replicas() == 1 && !name.equals(actor.uid().name())) {
                Optional<Portal> elsewhere = actor.findActor(name);
                if (elsewhere.isPresent()) {
                    return new LookupPortal(actor, name, (PortalImpl) elsewhere.get(), restartWait(spec));
                }
            }
            Service started = start(name, spec);
            running.put(name, started);
            return started.portal();
        } finally {
            lock.unlock();
        }
    }

    private Service start(String name, ServiceSpec spec) {
        Nursery nursery = actor.openOwnedNursery(spec.supervision());
        List<String> names = spec.replicaNames(name);
        try {
            startAll(nursery, names, spec.options());
        } catch (RuntimeException e) {
            nursery.cancel();
            closeQuietly(nursery, name);
            throw e;
        }
        List<Portal> replicas = new ArrayList<>();
        for (String n : names) {
            replicas.add(nursery.byName(n));
        }
        log.info("service '{}' started by {}: {}", name, actor.uid(), names);
        return new Service(name, nursery, new ServicePortal(name, replicas, () -> cancel(name)));
    }

    /** Starts a daemon per name in {@code nursery}, all at once; the caller cancels the nursery if one fails. */
    static void startAll(ActorNursery nursery, List<String> names, ActorOptions options) {
        AtOnce.map(names, n -> nursery.startActor(n, options), p -> { }, "tractor-start");
    }

    private Duration restartWait(ServiceSpec spec) {
        return spec.supervision().maxBackoff().plus(actor.config().spawnTimeout())
                .plus(actor.config().cancelGracePeriod().multipliedBy(2));
    }

    boolean cancel(String name) {
        Service s = running.remove(name);
        if (s == null) {
            return false;
        }
        s.nursery().cancel();
        closeQuietly(s.nursery(), name);
        return true;
    }

    private static void closeQuietly(ActorNursery nursery, String name) {
        try {
            nursery.close();
        } catch (RuntimeException e) {
            log.debug("service '{}' ended with: {}", name, e.toString());
        }
    }

    Set<String> names() {
        return Set.copyOf(running.keySet());
    }
}
