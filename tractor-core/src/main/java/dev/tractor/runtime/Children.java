package dev.tractor.runtime;

import dev.tractor.ActorOptions;
import dev.tractor.ActorStatus;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.Portal;
import dev.tractor.Supervision;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.ValueMapperCustomizer;
import dev.tractor.spawn.ChildProcess;
import dev.tractor.spawn.PoolableSpawnBackend;
import dev.tractor.spawn.SpawnBackend;
import dev.tractor.spawn.SpawnRequest;
import dev.tractor.spawn.WarmPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor's children: its nurseries, the child processes it spawns through its {@link SpawnBackend}, and the
 * children it waits for to connect back. Thread-safe.
 */
final class Children {

    private static final Logger log = LoggerFactory.getLogger(Children.class);

    private final Actor actor;
    private volatile SpawnBackend spawner;
    private volatile WarmPool pool;
    private volatile boolean startedAhead;
    private final Set<Nursery> nurseries = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<Peer>> awaited = new ConcurrentHashMap<>();

    Children(Actor actor, SpawnBackend spawner) {
        this.actor = actor;
        this.spawner = spawner;
    }

    Nursery openNursery(Supervision supervision, boolean inScope) {
        Nursery n = new Nursery(actor, supervision, inScope);
        nurseries.add(n);
        return n;
    }

    void nurseryClosed(Nursery nursery) {
        nurseries.remove(nursery);
    }

    /**
     * Spawns the child {@code name} of {@code nursery}, configured like its parent: same cookie, registry, limits
     * and TLS (which it must be able to inherit).
     */
    ChildActor spawn(String name, ActorOptions options, Nursery nursery, TractorConfig config, String cookie,
                     Address parentAddress, List<Address> registryAddresses) {
        if (config.tls() != null && !config.tls().inheritable() && !spawner.childrenConfigureTls()) {
            throw new TractorException("cannot start actor '" + name + "': this actor's TLS (" + config.tls()
                    + ") was given as key and trust managers, which a child process cannot inherit; configure TLS"
                    + " with TlsConfig.pem(...) instead");
        }
        if (!spawner.childrenConfigureValueMappers()) {
            for (ValueMapperCustomizer c : config.valueMappers()) {
                requireInheritable(name, c);
            }
        }
        ActorUid childUid = ActorUid.random(name);
        CompletableFuture<Peer> connected = new CompletableFuture<>();
        awaited.put(childUid.uuid(), connected);
        ChildProcess process;
        try {
            process = spawner.spawn(request(childUid, options, config, cookie, parentAddress, registryAddresses));
        } catch (RuntimeException e) {
            awaited.remove(childUid.uuid());
            throw e;
        }
        return new ChildActor(actor, nursery, childUid, process, connected);
    }

    private SpawnRequest request(ActorUid uid, ActorOptions options, TractorConfig config, String cookie,
                                 Address parentAddress, List<Address> registryAddresses) {
        TractorConfig.Builder child = config.toBuilder().name(uid.name()).cookie(cookie)
                .registries(registryAddresses).advertisePort(0).bindPort(0);
        if (spawner.childrenConfigureValueMappers()) {
            child.valueMappers(List.of());
        }
        return new SpawnRequest(uid, parentAddress, cookie, child.build(), options);
    }

    /** A core child makes its own instance of each value mapper customizer: it must be able to. */
    private static void requireInheritable(String child, ValueMapperCustomizer c) {
        Class<?> type = c.getClass();
        boolean inheritable = java.lang.reflect.Modifier.isPublic(type.getModifiers()) && !type.isHidden()
                && !type.isAnonymousClass() && !type.isLocalClass()
                && (type.getEnclosingClass() == null || java.lang.reflect.Modifier.isStatic(type.getModifiers()));
        try {
            inheritable = inheritable && java.lang.reflect.Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            inheritable = false;
        }
        if (!inheritable) {
            throw new TractorException("cannot start actor '" + child + "': its value mapper customizer " + type.getName()
                    + " cannot reach a child process, which makes its own instance: use a public (static) class with a"
                    + " public no-arg constructor rather than a lambda or an instance that needs arguments");
        }
    }

    /**
     * Keeps {@code config.warmPoolSize()} child JVMs started ahead for the spawns that match its default child
     * options; does nothing if the spawn backend cannot pool (a Spring child's, say), saying so once.
     */
    void startWarmPool(TractorConfig config, String cookie, Address parentAddress, List<Address> registryAddresses) {
        if (!(spawner instanceof PoolableSpawnBackend poolable) || !poolable.supportsPooling()) {
            SpawnRequest template = request(ActorUid.random("pooled"), ActorOptions.DEFAULTS, config, cookie,
                    parentAddress, registryAddresses);
            if (spawner.startAhead(template, config.warmPoolSize())) {
                startedAhead = true;
                return;
            }
            log.info("actor {}: warmPoolSize {} is not used: its spawn backend {} does not start pooled children",
                    actor.uid(), config.warmPoolSize(), spawner.getClass().getSimpleName());
            return;
        }
        SpawnRequest template = request(ActorUid.random("pooled"), ActorOptions.DEFAULTS, config, cookie,
                parentAddress, registryAddresses);
        WarmPool started;
        try {
            started = new WarmPool(poolable, config.warmPoolSize(), template, actor.uid().name());
        } catch (RuntimeException e) {
            log.warn("actor {}: the warm pool is not used, children start cold: {}", actor.uid(), e.getMessage());
            return;
        }
        pool = started;
        spawner = started;
    }

    /** The warm pool, if this actor keeps one. */
    Optional<WarmPool> warmPool() {
        return Optional.ofNullable(pool);
    }

    /** Kills the unclaimed children of the warm pool, if any (a backend's own pool included). */
    void closeWarmPool() {
        if (startedAhead) {
            spawner.stopAhead();
        }
        WarmPool p = pool;
        if (p != null) {
            p.close();
        }
    }

    /** A child being spawned says it is ready (connected and registered) over its connection to us. */
    void ready(Peer peer) {
        CompletableFuture<Peer> waiting = awaited.remove(peer.uid().uuid());
        if (waiting != null) {
            waiting.complete(peer);
            warmPool().ifPresent(WarmPool::refill);
            if (startedAhead) {
                spawner.childStarted();
            }
        }
    }

    void forgetAwaited(ActorUid child) {
        awaited.remove(child.uuid());
    }

    /** A live child called {@code name}, if there is one. */
    Optional<Portal> portalOf(String name) {
        for (Nursery n : nurseries) {
            for (ChildActor c : n.childActors()) {
                if (c.uid().name().equals(name) && c.portal() != null && c.isAlive()) {
                    return Optional.of(c.portal());
                }
            }
        }
        return Optional.empty();
    }

    List<ActorStatus.Child> status() {
        List<ActorStatus.Child> children = new ArrayList<>();
        for (Nursery n : nurseries) {
            for (ChildActor c : n.childActors()) {
                children.add(n.describe(c));
            }
        }
        return children;
    }

    /** The nurseries that restart children, as supervisors. */
    List<ActorStatus.Supervisor> supervisors() {
        List<ActorStatus.Supervisor> supervisors = new ArrayList<>();
        for (Nursery n : nurseries) {
            ActorStatus.Supervisor s = n.supervisorStatus();
            if (s != null) {
                supervisors.add(s);
            }
        }
        return supervisors;
    }

    /** The nurseries open now. */
    List<Nursery> nurseries() {
        return List.copyOf(nurseries);
    }
}
