package dev.tractor.spring;

import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorStatus;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.Portal;
import dev.tractor.ServiceSpec;
import dev.tractor.Supervision;
import dev.tractor.TractorConfig;
import dev.tractor.WorkerPool;
import dev.tractor.TractorException;
import dev.tractor.WorkerPool;
import dev.tractor.embed.Embedding;
import dev.tractor.embed.RuntimeSetup;
import dev.tractor.observe.RuntimeListener;
import dev.tractor.spawn.SpawnBackend;
import dev.tractor.spring.child.ChildActorLaunch;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The application's {@link ActorRuntime}, tied to the Spring lifecycle. The actor opens when the
 * context starts ({@link #PHASE}): a root actor in an ordinary application, or, in a child actor's
 * context, a child that connects back to its parent. It closes when the context stops, cancelling
 * every nursery, child process and task it owns and waiting (bounded by the grace periods) for them;
 * {@link #destroy()} closes it too, for contexts whose start failed after it opened. Before the
 * context starts and after it stops, the {@link ActorRuntime} methods throw {@link TractorException}.
 * Thread-safe.
 */
public final class ManagedActorRuntime implements ActorRuntime, SmartLifecycle, DisposableBean {

    /**
     * The lifecycle phase: between a web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and
     * its stop ({@code DEFAULT_PHASE - 2048}). On shutdown, requests in flight finish first (they may
     * still call actors), then the actor tree is cancelled, then the web server stops.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

    private static final Logger log = LoggerFactory.getLogger(ManagedActorRuntime.class);

    private final TractorConfig given;
    private final ActorFunctionRegistry functions;
    private final SpawnBackend spawner;
    private final Supplier<? extends Collection<RuntimeListener>> listeners;
    private final Supplier<ChildActorLaunch> child;
    private final Object lock = new Object();
    private volatile TractorConfig config;
    private volatile ActorRuntime actor;
    private volatile ActorRuntime lastClosed;

    /**
     * A runtime that opens a root actor with {@code config}, or, when {@code child} is not null, the
     * child actor it describes (with the configuration inherited from the parent, and TLS from {@code config}).
     *
     * @param listeners told about the actor's spawns, exits, calls and stream items once it is open
     */
    public ManagedActorRuntime(TractorConfig config, ActorFunctionRegistry functions, SpawnBackend spawner,
                               Supplier<? extends Collection<RuntimeListener>> listeners, ChildActorLaunch child) {
        this(config, functions, spawner, listeners, child == null ? null : () -> child);
    }

    /**
     * As above, for a child whose launch may come later (a pooled child's arrives with its claim): {@code child}
     * is asked when the actor opens, and may block until then; null for a root.
     */
    public ManagedActorRuntime(TractorConfig config, ActorFunctionRegistry functions, SpawnBackend spawner,
                               Supplier<? extends Collection<RuntimeListener>> listeners,
                               Supplier<ChildActorLaunch> child) {
        this.given = config;
        this.config = config;
        this.functions = functions;
        this.spawner = spawner;
        this.listeners = listeners;
        this.child = child;
    }

    /** A child keeps what it inherits (cookie included) and takes TLS from its own context's bundle. */
    private TractorConfig childConfig(ChildActorLaunch launch) {
        return launch.config().tls() == given.tls() ? launch.config() : launch.config().toBuilder().tls(given.tls()).build();
    }

    /** Opens the actor; does nothing if it is open. Functions are discovered first, so a bad bean fails here. */
    @Override
    public void start() {
        synchronized (lock) {
            if (actor != null) {
                return;
            }
            functions.functions();
            // the application context's own shutdown closes the actor, after web requests have drained
            RuntimeSetup setup = RuntimeSetup.defaults().withFunctions(functions).withSpawnBackend(spawner)
                    .withListeners(List.copyOf(listeners.get())).withCloseOnJvmShutdown(false);
            ChildActorLaunch launch = child == null ? null : child.get();
            if (launch != null) {
                config = childConfig(launch);
            }
            ActorRuntime opened = launch == null ? Embedding.openRoot(config, setup)
                    : Embedding.openChild(config, launch.uid(), launch.parentAddress(), setup);
            actor = opened;
            Thread.ofVirtual().name("tractor-closed-" + opened.uid().name()).start(() -> {
                opened.awaitClosed();
                lastClosed = opened;
            });
            ActorMdc.put(opened.uid());
            log.info("Actor {} listening on {}{}", opened.uid(), opened.address(),
                    launch == null ? "" : ", child of " + launch.parentAddress());
        }
    }

    /** Closes the actor: cancels its tree and waits for it. */
    @Override
    public void stop() {
        closeActor();
    }

    /** Closes the actor on a separate thread, then runs {@code callback}; Spring bounds the wait per phase. */
    @Override
    public void stop(Runnable callback) {
        Thread.ofPlatform().name("tractor-stop").start(() -> {
            try {
                closeActor();
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public boolean isRunning() {
        return actor != null;
    }

    /** False in a child actor's context, whose main class opens the actor once the context is fully up. */
    @Override
    public boolean isAutoStartup() {
        return child == null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void destroy() {
        closeActor();
    }

    /** Whether the actor is open and has not closed (by being cancelled by its parent, say). */
    public boolean isOpen() {
        ActorRuntime a = actor;
        return a != null && a != lastClosed;
    }

    /** Whether this is a child actor's runtime. */
    public boolean isChild() {
        return child != null;
    }

    /** The configuration the actor opens (or opened) with. */
    public TractorConfig config() {
        return config;
    }

    private ActorRuntime actor() {
        ActorRuntime a = actor;
        if (a == null) {
            throw new TractorException("the actor runtime is not running: it opens when the application context "
                    + "starts and closes when it stops");
        }
        return a;
    }

    /** This actor's status: uid, pid, address, start and uptime, tasks, children, counters. */
    @Override
    public ActorStatus status() {
        return actor().status();
    }

    /** Blocks until the actor has closed (at once if it is not open). */
    @Override
    public void awaitClosed() {
        ActorRuntime a = actor;
        if (a != null) {
            a.awaitClosed();
        }
    }

    /**
     * The actor behind {@code runtime} if it is open now: a running {@link ManagedActorRuntime}'s actor, or
     * {@code runtime} itself if it is another kind of runtime; empty before the context starts and after it stops.
     */
    public static Optional<ActorRuntime> ifOpen(ActorRuntime runtime) {
        if (runtime instanceof ManagedActorRuntime managed) {
            ActorRuntime a = managed.actor;
            return a != null && a != managed.lastClosed ? Optional.of(a) : Optional.empty();
        }
        return Optional.ofNullable(runtime);
    }

    private void closeActor() {
        ActorRuntime a;
        synchronized (lock) {
            a = actor;
            actor = null;
        }
        if (a != null) {
            long t0 = System.nanoTime();
            a.close();
            log.info("Actor {} closed in {} ms", a.uid(), Duration.ofNanos(System.nanoTime() - t0).toMillis());
        }
    }

    @Override
    public ActorUid uid() {
        return actor().uid();
    }

    @Override
    public Address address() {
        return actor().address();
    }

    @Override
    public boolean isRegistrar() {
        return actor().isRegistrar();
    }

    @Override
    public ActorNursery openNursery() {
        return actor().openNursery();
    }

    @Override
    public ActorNursery openNursery(Supervision supervision) {
        return actor().openNursery(supervision);
    }

    @Override
    public Portal service(String name, ServiceSpec spec) {
        return actor().service(name, spec);
    }

    @Override
    public boolean cancelService(String name) {
        return actor().cancelService(name);
    }

    @Override
    public Set<String> services() {
        return actor().services();
    }

    @Override
    public WorkerPool openWorkerPool(String name, int size, ActorOptions options, Supervision supervision) {
        return actor().openWorkerPool(name, size, options, supervision);
    }

    @Override
    public Optional<Portal> findActor(String name) {
        return actor().findActor(name);
    }

    @Override
    public Portal waitForActor(String name, Duration timeout) {
        return actor().waitForActor(name, timeout);
    }

    @Override
    public Optional<Portal> child(String name) {
        return actor().child(name);
    }

    @Override
    public Portal connect(Address address) {
        return actor().connect(address);
    }

    /** Closes the actor now (the lifecycle would at context stop); idempotent. */
    @Override
    public void close() {
        closeActor();
    }

    @Override
    public String toString() {
        ActorRuntime a = actor;
        return "ManagedActorRuntime[" + (a != null ? a : "not running") + "]";
    }
}
