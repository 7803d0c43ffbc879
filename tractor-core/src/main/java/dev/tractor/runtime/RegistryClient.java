package dev.tractor.runtime;

import dev.tractor.Address;
import dev.tractor.AuthenticationFailed;
import dev.tractor.TractorException;
import dev.tractor.wire.Functype;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An actor's connection to the registrar of its host: registers the actor (again after every
 * reconnect), unregisters it, and looks others up. A lost registrar makes lookups fail with a
 * {@link TractorException} naming its address; the next lookup tries to reconnect, and so does a background
 * rejoin that retries (every {@link #REJOIN_MAX} at most) until a registrar answers on the address again, so a
 * restarted registrar learns every live actor without any of them being asked.
 */
final class RegistryClient {

    /** The first and the longest wait between two attempts to rejoin a lost registrar. */
    static final Duration REJOIN_FIRST = Duration.ofMillis(100);
    static final Duration REJOIN_MAX = Duration.ofSeconds(1);

    private final Actor actor;
    private final Address registrar;
    private volatile Peer peer;
    private final Object rejoinLock = new Object();
    private volatile Thread rejoining;
    private volatile boolean left;

    RegistryClient(Actor actor, Address registrar) {
        this.actor = actor;
        this.registrar = registrar;
    }

    Address address() {
        return registrar;
    }

    /** The connection to the registrar, (re)connecting and (re)registering this actor as needed. */
    synchronized Peer peer() {
        if (peer == null || !peer.isOpen()) {
            peer = dialAndRegister();
        }
        return peer;
    }

    /** A new connection to the registrar over which this actor has registered. */
    private Peer dialAndRegister() {
        Peer p;
        try {
            p = actor.connectPeer(registrar);
        } catch (AuthenticationFailed e) {
            throw new AuthenticationFailed("the registrar at " + registrar + " refused actor " + actor.uid()
                    + ": " + e.getMessage() + ". This actor used " + actor.cookieSource() + "; actors that share"
                    + " a registry need the same cookie: use the same cookie file (tractor.cookie-file /"
                    + " TractorConfig.Builder.cookieFile), or set the same cookie (tractor.cookie /"
                    + " TractorConfig.Builder.cookie), or use a registry of your own (tractor.registry.port /"
                    + " TractorConfig.Builder.registry(host, port); port 0 for a private one)");
        } catch (TractorException e) {
            throw unreachable(e);
        }
        try {
            new PortalImpl(actor, p, null).run("self", "registerActor",
                    Map.of("uid", WireForms.of(actor.uid()), "addr", WireForms.of(actor.address())));
        } catch (TractorException e) {
            p.close();
            throw e instanceof dev.tractor.ActorDied ? unreachable(e) : e;
        }
        return p;
    }

    void register() {
        peer();
    }

    /** Whether this client holds an open connection to its registrar now. Never blocks. */
    boolean isConnected() {
        Peer p = peer;
        return p != null && p.isOpen();
    }

    /** Whether {@code p} is this client's connection to the registrar. Never blocks (it runs on event loops). */
    boolean connectedBy(Peer p) {
        return peer == p;
    }

    /**
     * The connection to the registrar closed: keeps trying to reconnect and register again in the background,
     * waiting longer between attempts up to {@link #REJOIN_MAX}, until it succeeds or this actor leaves.
     */
    void rejoinInBackground() {
        synchronized (rejoinLock) {   // not this client's lock, which a lookup may hold while it dials
            if (left || (rejoining != null && rejoining.isAlive())) {
                return;
            }
            rejoining = Thread.ofVirtual().name("tractor-rejoin-" + actor.uid().name()).start(this::rejoin);
        }
    }

    private void rejoin() {
        long wait = REJOIN_FIRST.toMillis();
        while (!left) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            if (left) {
                return;
            }
            Peer fresh;
            try {
                fresh = dialAndRegister();   // outside the lock: a lookup or the actor's leaving never waits for it
            } catch (TractorException e) {
                wait = Math.min(wait * 2, REJOIN_MAX.toMillis());
                continue;
            }
            synchronized (this) {
                if (left || (peer != null && peer.isOpen())) {
                    fresh.close();   // this actor left meanwhile, or a lookup reconnected first
                } else {
                    peer = fresh;
                }
            }
            return;
        }
    }

    /** Best effort: the registrar also drops the entry when this connection closes. */
    void unregister() {
        left = true;   // before the lock: a rejoin in progress gives up without holding it
        Thread r = rejoining;
        if (r != null) {
            r.interrupt();
        }
        unregisterNow();
    }

    private synchronized void unregisterNow() {
        if (peer != null && peer.isOpen()) {
            try {
                call("unregisterActor", Map.of("uid", WireForms.of(actor.uid())));
            } catch (TractorException ignored) {
                // the registrar went away first; nothing left to undo
            }
        }
    }

    /** Where the registrar says {@code name} is; fails if it does not answer within {@code within}. */
    Optional<Address> find(String name, Duration within) {
        Object addr = call("findActor", Map.of("name", name), within);
        return addr == null ? Optional.empty() : Optional.of(WireForms.address(addr));
    }

    /** Waits at most {@code timeout} for an actor called {@code name}; empty on timeout. */
    Optional<Address> await(String name, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        try (Call call = peer().call("self", "waitForActor", Map.of("name", name))) {
            call.awaitFunctype(Functype.Kind.ASYNCFUNC);
            while (true) {
                long left = deadline.remainingMillis();
                if (left <= 0) {
                    call.cancelRemote();
                    return Optional.empty();
                }
                Object m = call.poll(left);
                if (m instanceof dev.tractor.wire.Return r) {
                    return r.value() == null ? Optional.empty() : Optional.of(WireForms.address(r.value()));
                }
                if (m != null) {
                    throw call.unexpected(m);
                }
            }
        } catch (dev.tractor.ActorDied e) {
            throw unreachable(e);
        }
    }

    /**
     * Every entry, fetched page by page so that no answer exceeds this actor's frame limit; fails if a page does not
     * come within {@code within}.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> registry(Duration within) {
        Map<String, Object> all = new TreeMap<>();
        String after = null;
        while (true) {
            Map<String, Object> kwargs = new HashMap<>();
            kwargs.put("after", after);
            kwargs.put("maxBytes", actor.config().maxFrameBytes());
            Map<String, Object> page = (Map<String, Object>) call("registryPage", kwargs, within);
            all.putAll((Map<String, Object>) page.get("entries"));
            Object next = page.get("next");
            if (next == null) {
                return all;
            }
            if (after != null && next.toString().compareTo(after) <= 0) {
                throw new TractorException("the registrar at " + registrar + " answered a page that does not advance");
            }
            after = next.toString();
        }
    }

    private Object call(String fn, Map<String, ?> kwargs) {
        Peer p = peer();
        try {
            return new PortalImpl(actor, p, null).run("self", fn, kwargs);
        } catch (dev.tractor.ActorDied e) {
            throw unreachable(e);
        }
    }

    /** Calls {@code fn}, giving up (and cancelling it) if the registrar does not answer within {@code within}. */
    private Object call(String fn, Map<String, ?> kwargs, Duration within) {
        Deadline deadline = Deadline.after(within);
        try (Call call = peer().call("self", fn, kwargs)) {
            while (true) {
                long left = deadline.remainingMillis();
                Object m = left > 0 ? call.poll(left) : null;
                if (m == null) {
                    call.cancelRemote();
                    throw new TractorException("the registrar at " + registrar + " did not answer " + fn + " within "
                            + within.toMillis() + " ms");
                }
                if (m instanceof dev.tractor.wire.Return r) {
                    return r.value();
                }
                if (!(m instanceof dev.tractor.wire.Functype f && f.kind() == Functype.Kind.ASYNCFUNC)) {
                    throw call.unexpected(m);
                }
            }
        } catch (dev.tractor.ActorDied e) {
            throw unreachable(e);
        }
    }

    private TractorException unreachable(TractorException cause) {
        return new TractorException("the registrar at " + registrar + " is unreachable: " + cause.getMessage(), cause);
    }
}
