package dev.tractor.runtime;

import dev.tractor.ActorNursery;
import dev.tractor.ServiceSpec;
import dev.tractor.Supervision;
import dev.tractor.WorkerPool;
import dev.tractor.ActorOptions;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorStatus;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.Portal;
import dev.tractor.TractorConfig;
import dev.tractor.AuthenticationFailed;
import dev.tractor.TractorException;
import dev.tractor.Transport;
import dev.tractor.transport.AdvertisedAddresses;
import dev.tractor.transport.UnixSockets;
import dev.tractor.embed.FunctionSource;
import dev.tractor.embed.RuntimeSetup;
import dev.tractor.observe.RuntimeListener;
import dev.tractor.RuntimeCensus;
import dev.tractor.transport.ConnectionListener;
import dev.tractor.transport.CookieFile;
import dev.tractor.transport.Connection;
import dev.tractor.transport.NettyTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-process actor runtime: identity, listener, exposed functions, and the lifecycle that ties its parts
 * together; its connections are kept by {@link Peers}, its children by {@link Children}, its part in the host's registry by
 * {@link ActorRegistry}, a child's tie to its parent by {@link ParentLink}. A root is opened by {@code Tractor.openRoot}; a child by its child main, which connects
 * back to its parent and exits when cancelled or when the parent goes away.
 */
public final class Actor implements ActorRuntime, ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(Actor.class);
    private static volatile Actor processActor;

    private final TractorConfig config;
    private final ActorUid uid;
    private final String cookie;
    private final String cookieSource;
    private final NamespaceRegistry functions = new NamespaceRegistry();
    private final Children children;
    private final Services services = new Services(this);
    private final Peers peers = new Peers(this);
    private final MessageStats stats = new MessageStats();
    private final Listeners listeners = new Listeners();
    private final Instant startedAt = Instant.now();
    /** The actor that asked this one to cancel itself, if one did; its tasks then name it as their canceller. */
    private volatile ActorUid cancelRequester;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private NettyTransport transport;
    private Address address;
    private final ActorRegistry registry;
    private final ParentLink parentLink;
    private Thread shutdownHook;

    private Actor(TractorConfig config, ActorUid uid, String cookie, String cookieSource, RuntimeSetup setup) {
        ValueMappers.open(config.name(), config.valueMappers());
        RuntimeCensus.opened(RuntimeCensus.Kind.ACTORS);
        this.config = config;
        this.uid = uid;
        this.cookie = cookie;
        this.cookieSource = cookieSource;
        this.children = new Children(this, setup.spawnBackend());
        setup.listeners().forEach(this::addListener);
        this.parentLink = new ParentLink(uid, this::close, () -> closing.get() || cancelRequester != null);
        this.registry = new ActorRegistry(this, config);
    }

    /** Opens a root actor (see {@link dev.tractor.embed.Embedding#openRoot}). */
    public static Actor openRoot(TractorConfig config, RuntimeSetup setup) {
        refuseNestedRoot(config.name());
        boolean configured = config.cookie() != null;
        String cookie = configured ? config.cookie() : CookieFile.readOrCreate(config.cookieFile());
        String source = configured ? "the configured cookie (tractor.cookie / TractorConfig.Builder.cookie)"
                : "the cookie file " + config.cookieFile().toAbsolutePath();
        Actor actor = new Actor(config, ActorUid.random(config.name()), cookie, source, setup);
        try {
            actor.start(setup.functions(), true);
            actor.joinRegistry();
            if (config.warmPoolSize() > 0) {
                actor.children.startWarmPool(config, cookie, actor.address, actor.registry.addresses());
            }
        } catch (RuntimeException e) {
            actor.close();
            throw e;
        }
        if (setup.closeOnJvmShutdown()) {
            actor.shutdownHook = Thread.ofPlatform().name("tractor-shutdown-" + config.name()).unstarted(actor::close);
            Runtime.getRuntime().addShutdownHook(actor.shutdownHook);
        }
        return actor;
    }

    /** Opens a child actor with the identity its parent gave it and connects back to the parent. */
    public static Actor openChild(TractorConfig config, ActorUid uid, Address parentAddress, RuntimeSetup setup) {
        if (config.cookie() == null) {
            throw new TractorException("child actor " + uid + " has no cookie: its parent passes it in the environment");
        }
        Actor actor = new Actor(config, uid, config.cookie(), "the cookie inherited from its parent", setup);
        try {
            actor.start(setup.functions(), false);
        } catch (RuntimeException e) {
            actor.close();
            throw e;
        }
        try {
            actor.joinRegistry();
        } catch (RuntimeException e) {
            log.warn("actor {} could not register with the registrar at {}: {}", uid, actor.registry.describe(),
                    e.getMessage());
        }
        try {
            Peer parent = actor.connectPeer(parentAddress);
            new PortalImpl(actor, parent, null).run("self", "childReady", Map.of());
            actor.parentLink.connected(parent);
        } catch (RuntimeException e) {
            actor.close();
            throw e;
        }
        return actor;
    }

    private void start(FunctionSource functionSource, boolean root) {
        functions.register("self", new SelfFunctions(this), SelfFunctions.class);
        config.modules().forEach(functions::registerModule);
        functionSource.exposeTo(functions);
        transport = new NettyTransport(uid, cookie, config, this);
        address = root ? registry.becomeRegistrarIfFree(transport, config, functions, this::identify,
                this::advertised) : null;
        if (config.transport() == Transport.UDS) {
            if (transport.supportsUnixSockets()) {
                address = transport.listenUnix(UnixSockets.socketFor(uid.name(), uid.uuid()));
            } else {
                log.warn("actor {}: transport UDS needs Netty's native epoll transport, which is not available"
                        + " here; listening on TCP instead", uid);
            }
        }
        if (address == null) {
            address = transport.listen(config.bindHost(), root ? config.bindPort() : 0);
        }
        Address bound = address;
        address = advertised(bound);
        if (!address.equals(bound)) {
            transport.advertise(address);
            log.info("actor {} listens on {} and advertises {}{}", uid, bound, address, config.advertiseHost() != null
                    ? "" : " (set advertiseHost, tractor.advertise-host, to choose another)");
        }
        processActor = this;
        log.debug("actor {} listening on {} ({})", uid, address, transport.nativeTransport() ? "epoll" : "nio");
    }

    /** The address others dial for {@code bound}, a listener of this actor. */
    private Address advertised(Address bound) {
        return AdvertisedAddresses.of(bound, config.advertiseHost(), config.advertisePort(),
                config.registryAddresses());
    }

    /** The actor the current code runs in: the task's actor inside a task, else this process's latest. */
    public static Actor current() {
        RpcTask task = RpcTask.current();
        if (task != null) {
            return task.actor();
        }
        Actor a = processActor;
        if (a == null) {
            throw new TractorException("no actor runtime is open in this process: call Tractor.openRoot(...) first");
        }
        return a;
    }

    /** A portal to the caller of the current task, over the task's own connection. */
    public static Portal callerPortal() {
        RpcTask task = RpcTask.current();
        if (task == null) {
            throw new TractorException("Tractor.caller() is only available inside an actor function");
        }
        return new PortalImpl(task.actor(), task.peer(), null);
    }

    @Override
    public ActorUid uid() {
        return uid;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public boolean isRegistrar() {
        return registry.isRegistrar();
    }

    private void joinRegistry() {
        registry.join(uid, address);
    }

    /** Name → [uid, address] of every registered actor (the newest of each name). */
    public Map<String, Object> registry() {
        return registry.everything();
    }

    public TractorConfig config() {
        return config;
    }

    public NamespaceRegistry functions() {
        return functions;
    }

    MessageStats stats() {
        return stats;
    }

    /** Registers a listener told about spawns, exits, calls and stream items of this actor. */
    public void addListener(RuntimeListener listener) {
        listeners.add(listener);
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(RuntimeListener listener) {
        listeners.remove(listener);
    }

    RuntimeListener events() {
        return listeners;
    }

    @Override
    public Optional<Portal> child(String name) {
        return children.portalOf(name);
    }

    /** The tree's cookie; children inherit it. */
    String cookie() {
        return cookie;
    }

    /** Where this actor's cookie came from, for messages that must say how to fix a mismatch (never the cookie). */
    String cookieSource() {
        return cookieSource;
    }

    @Override
    public ActorNursery openNursery() {
        return openNursery(Supervision.oneCancelsAll());
    }

    @Override
    public ActorNursery openNursery(Supervision supervision) {
        ensureOpen();
        return children.openNursery(supervision, true);
    }

    /** A nursery owned by this actor alone, not by the caller's cancel scope: a service's. */
    Nursery openOwnedNursery(Supervision supervision) {
        ensureOpen();
        return children.openNursery(supervision, false);
    }

    @Override
    public Portal service(String name, ServiceSpec spec) {
        ensureOpen();
        return services.getOrCreate(name, spec);
    }

    @Override
    public boolean cancelService(String name) {
        return services.cancel(name);
    }

    @Override
    public Set<String> services() {
        return services.names();
    }

    @Override
    public WorkerPool openWorkerPool(String name, int size, ActorOptions options, Supervision supervision) {
        ensureOpen();
        return WorkerPoolImpl.open(children.openNursery(supervision, true), name, size, options);
    }

    @Override
    public Optional<Portal> findActor(String name) {
        ensureOpen();
        Optional<Address> found = registry.find(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(connect(found.get()));
        } catch (AuthenticationFailed e) {
            throw e;
        } catch (TractorException e) {
            log.debug("actor '{}' registered at {} is unreachable ({}); treating it as gone", name, found.get(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Portal waitForActor(String name, Duration timeout) {
        ensureOpen();
        Optional<Address> found = registry.await(name, timeout);
        return connect(found.orElseThrow(() -> new TractorException("no actor named '" + name
                + "' registered within " + timeout.toMillis() + " ms (registrar " + registry.describe() + ")")));
    }

    /** A portal to the actor at {@code address}, reusing this actor's open connection to it if there is one. */
    @Override
    public Portal connect(Address address) {
        ensureOpen();
        return new PortalImpl(this, peers.dialedOrDial(transport, this.address, address), null);
    }

    Peer connectPeer(Address target) {
        return peers.dial(transport, address, target);
    }

    /** Dials {@code target} and returns the uid of the actor that authenticates there, then hangs up. */
    private ActorUid identify(Address target) {
        Peer peer = connectPeer(target);
        try {
            return peer.uid();
        } finally {
            peer.close();
        }
    }

    @Override
    public void authenticated(Connection connection, ActorUid peerUid) {
        peers.accept(connection, peerUid, config);
    }

    /** A child being spawned says it is ready (connected and registered) over its connection to us. */
    void childReady(Peer peer) {
        children.ready(peer);
    }

    void peerClosed(Peer peer) {
        peers.remove(peer);
        registry.peerClosed(peer, closing.get());
        parentLink.peerClosed(peer, closing.get());
    }

    ChildActor spawnChild(String name, ActorOptions options, Nursery nursery) {
        ensureOpen();
        return children.spawn(name, options, nursery, config, cookie, address, registry.addresses());
    }

    void forgetAwaited(ActorUid child) {
        children.forgetAwaited(child);
    }

    void nurseryClosed(Nursery nursery) {
        children.nurseryClosed(nursery);
    }

    /** Asks a connected (non-child) peer to cancel itself; waits at most the grace period for its answer. */
    void cancelPeer(Peer peer) {
        try (Call call = peer.call("self", "cancel", Map.of())) {
            call.awaitEnd(Deadline.after(config.cancelGracePeriod()));
        }
    }

    /**
     * A root is the top of a tree: none may be opened inside an actor task, nor in a child actor's process, where it
     * would stand outside the tree that supervises the process.
     */
    private static void refuseNestedRoot(String name) {
        RpcTask task = RpcTask.current();
        Actor inProcess = processActor;
        if (task != null) {
            throw new TractorException("cannot open root actor '" + name + "' inside task " + task.function()
                    + " of actor " + task.actor().uid() + ": an actor opens children with a nursery"
                    + " (Tractor.current().openNursery()) and reaches other actors with findActor/connect");
        }
        Peer parent = inProcess == null ? null : inProcess.parentLink.parent();
        if (parent != null && !inProcess.closing.get()) {
            throw new TractorException("cannot open root actor '" + name + "' in the process of actor "
                    + inProcess.uid + ", a child of " + parent.uid() + ": a child actor's process has one"
                    + " actor; start further actors with a nursery (Tractor.current().openNursery())");
        }
    }

    /** A peer asked this actor to cancel: close everything in the background, so the answer goes out first. */
    /** {@code by} asked this actor to cancel; it will once the answer is out ({@link #cancelFromRemote}). */
    void cancelRequested(ActorUid by) {
        cancelRequester = by;
    }

    void cancelFromRemote(ActorUid by) {
        log.debug("actor {} cancelled by {}", uid, by);
        cancelRequester = by;
        Thread.ofPlatform().name("tractor-cancel-" + uid.name()).start(this::close);
    }

    /** Whether {@link #close()} has started. */
    public boolean isClosed() {
        return closing.get();
    }

    @Override
    public void awaitClosed() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ActorStatus status() {
        return new ActorStatus(uid, ProcessHandle.current().pid(), address.toString(), startedAt,
                Duration.between(startedAt, Instant.now()), peers.status(), children.status(), stats.snapshot(),
                registry.status(), children.supervisors());
    }

    private void ensureOpen() {
        if (closing.get()) {
            throw new TractorException("actor " + uid + " is closed");
        }
    }

    /** Cancels nurseries and tasks, waits (bounded by the grace period) for tasks, closes every connection. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            if (Thread.currentThread() != shutdownHook) {
                awaitClosed();
            }
            return;
        }
        try {
            removeShutdownHook();
            // beside the cancellation, and waited for only within the grace period: a registrar that
            // does not answer must not hold up the shutdown of this actor's tree
            Thread unregistering = registry.leave(uid);
            ActorUid requester = cancelRequester;
            Teardown<Thread> nurseries = Teardown.inParallel(children.nurseries(), Nursery::cancel,
                    "tractor-cancel-nursery");
            Teardown<RpcTask> tasks = Teardown.cancel(peers.tasks(), t -> t.cancel(requester), RpcTask::join);
            Deadline deadline = Deadline.after(config.cancelGracePeriod());
            // a nursery's cancel takes a grace period of its own (ask, then kill) after its children's tasks end
            nurseries.join(deadline.plus(config.cancelGracePeriod()).plus(Duration.ofSeconds(5)));
            children.closeWarmPool();
            List<RpcTask> late = tasks.join(deadline);
            if (!late.isEmpty()) {
                log.warn("actor {}: {} task(s) did not end within the grace period, first {}", uid, late.size(),
                        late.getFirst().function());
            }
            if (unregistering != null) {
                unregistering.join(Duration.ofMillis(Math.max(1, deadline.remainingMillis())));
            }
            peers.closeAll(TimeUnit.SECONDS.toNanos(1)); // what the tasks answered goes out first
            if (transport != null) {
                transport.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (transport != null) {
                transport.close();
            }
        } finally {
            children.closeWarmPool();
            ValueMappers.closed(config.valueMappers());
            if (processActor == this) {
                processActor = null;
            }
            closed.countDown();
            RuntimeCensus.closed(RuntimeCensus.Kind.ACTORS);
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down; the hook is running or will run close(), which is idempotent
            }
        }
    }

    @Override
    public String toString() {
        return "Actor[" + uid + " at " + address + "]";
    }
}
