package dev.tractor.runtime;

import dev.tractor.ActorStatus;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.AuthenticationFailed;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.registry.Registrar;
import dev.tractor.registry.RegistryEntry;
import dev.tractor.transport.NettyTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor's part in the registry: the registrar on the first configured registry address it can listen on (a root
 * only), and a client ({@link RegistryClient}) of every other configured registrar. It registers with every one it
 * can reach (the unreachable ones in the background, again whenever one comes back) and asks them in the configured
 * order, its own registrar first, going on to the next when one is unreachable or does not answer within
 * {@link #failoverAfter}. Thread-safe once {@link #becomeRegistrarIfFree} and {@link #join} have run during the
 * actor's start.
 */
final class ActorRegistry {

    private static final Logger log = LoggerFactory.getLogger(ActorRegistry.class);
    private static final Duration FAILOVER_MAX = Duration.ofSeconds(2);

    private final Actor actor;
    private final List<Address> configured;
    private final Duration failoverAfter;
    private volatile Registrar registrar;
    private volatile RegistrarFunctions registrarFunctions;
    private volatile int servedIndex = -1;
    private volatile Address served;
    private volatile List<RegistryClient> clients = List.of();

    ActorRegistry(Actor actor, TractorConfig config) {
        this.actor = actor;
        this.configured = config.registryAddresses();
        Duration tolerance = config.heartbeat().tolerance();
        this.failoverAfter = tolerance.compareTo(FAILOVER_MAX) < 0 ? tolerance : FAILOVER_MAX;
    }

    /**
     * A root first tries to listen on the registry addresses, in order: on the first it can, it is a registrar, and
     * that is its address. Returns null when every one is taken or not local (other registrars serve them).
     *
     * @param identify  dials an address and returns the uid that authenticates there
     * @param advertise the address others reach for a bound one
     */
    Address becomeRegistrarIfFree(NettyTransport transport, TractorConfig config, NamespaceRegistry functions,
                                  Function<Address, ActorUid> identify, UnaryOperator<Address> advertise) {
        for (int i = 0; i < configured.size(); i++) {
            Address wanted = configured.get(i);
            Address bound;
            try {
                bound = transport.listen(wanted.host(), wanted.port());
            } catch (TractorException e) {
                if (wanted.port() == 0) {
                    throw e;
                }
                log.debug("registry address {} is taken or not local ({}); registering with the registrar there",
                        wanted, e.getMessage());
                continue;
            }
            Registrar own = new Registrar(config.limits().registryEntries());
            registrarFunctions = new RegistrarFunctions(own, identify, config.maxFrameBytes());
            functions.register("self", registrarFunctions, RegistrarFunctions.class);
            served = advertise.apply(bound);
            if (!served.equals(bound)) {
                transport.advertise(served);
            }
            servedIndex = i;
            registrar = own;
            return bound;
        }
        return null;
    }

    /**
     * Registers the actor ({@code uid} at {@code at}) in its own registrar, if it is one, and with every other
     * registrar; those that cannot be reached now are joined in the background as soon as they answer.
     *
     * @throws AuthenticationFailed if a registrar refuses this actor's cookie
     * @throws TractorException     if no registrar at all could be reached
     */
    void join(ActorUid uid, Address at) {
        Registrar own = registrar;
        if (own != null) {
            own.register(uid, at, actor);
        }
        List<RegistryClient> joined = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            if (i != servedIndex) {
                joined.add(new RegistryClient(actor, configured.get(i)));
            }
        }
        clients = List.copyOf(joined);
        TractorException unreachable = null;
        boolean registered = own != null;
        for (RegistryClient c : joined) {
            try {
                c.register();
                registered = true;
            } catch (AuthenticationFailed e) {
                throw e;
            } catch (TractorException e) {
                unreachable = unreachable == null ? e : unreachable;
                if (joined.size() > 1 || own != null) {
                    log.info("actor {}: {}; registering there once it answers", uid, e.getMessage());
                    c.rejoinInBackground();
                }
            }
        }
        if (!registered) {
            throw unreachable;
        }
    }

    boolean isRegistrar() {
        return registrar != null;
    }

    /**
     * The registry addresses for this actor's children: the configured ones, with the one this actor serves as it is
     * reached (its real port for a configured port 0, a routable host for a wildcard).
     */
    List<Address> addresses() {
        List<Address> all = new ArrayList<>(configured);
        if (servedIndex >= 0) {
            all.set(servedIndex, served);
        }
        return all;
    }

    /** The registry addresses, for messages: {@code tcp://a:1616} or {@code [tcp://a:1616, tcp://b:1616]}. */
    String describe() {
        List<Address> all = addresses();
        return all.size() == 1 ? all.getFirst().toString() : all.toString();
    }

    /** The registry as this actor knows it without asking: every entry if it is a registrar, else where those are. */
    ActorStatus.Registry status() {
        Registrar own = registrar;
        List<ActorStatus.Registered> actors = new ArrayList<>();
        if (own != null) {
            own.snapshot().forEach((name, e) -> actors.add(new ActorStatus.Registered(name, e.uid(),
                    e.address().toString())));
        }
        return new ActorStatus.Registry(own != null, own != null ? served.toString() : describe(), actors);
    }

    /** Name → [uid, address] of every registered actor (the newest of each name), from the first that answers. */
    Map<String, Object> everything() {
        RegistrarFunctions own = registrarFunctions;
        return own != null ? own.everything() : firstAnswer(c -> c.registry(failoverAfter));
    }

    /** Where the actor called {@code name} is: the first registrar that knows it says; empty if none does. */
    Optional<Address> find(String name) {
        Registrar own = registrar;
        if (own != null) {
            Optional<RegistryEntry> mine = own.find(name);
            if (mine.isPresent()) {
                return mine.map(RegistryEntry::address);
            }
        }
        boolean answered = own != null;
        TractorException last = null;
        for (RegistryClient c : inAskingOrder(answered)) {
            if (answered && !c.isConnected()) {
                continue;   // one answered already: a registrar being rejoined is not dialed for a miss
            }
            try {
                Optional<Address> found = c.find(name, failoverAfter);
                if (found.isPresent()) {
                    return found;
                }
                answered = true;
            } catch (AuthenticationFailed e) {
                throw e;
            } catch (TractorException e) {
                last = e;
            }
        }
        if (!answered) {
            throw last != null ? last : noRegistrar();
        }
        return Optional.empty();
    }

    /** Waits at most {@code timeout} for an actor called {@code name}; empty on timeout. */
    Optional<Address> await(String name, Duration timeout) {
        Registrar own = registrar;
        if (own != null) {
            try {
                return own.await(name, timeout.toMillis()).map(RegistryEntry::address);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TractorException("interrupted while waiting for actor '" + name + "'", e);
            }
        }
        Deadline deadline = Deadline.after(timeout);
        return firstAnswer(c -> c.await(name, Duration.ofMillis(Math.max(1, deadline.remainingMillis()))));
    }

    /**
     * A peer's connection closed: what it registered here goes; if it was the connection to a registrar, this actor
     * starts rejoining that one in the background, unless it is closing.
     */
    void peerClosed(Peer peer, boolean closing) {
        Registrar own = registrar;
        if (own != null) {
            own.dropOwner(peer);
        }
        if (closing) {
            return;
        }
        for (RegistryClient c : clients) {
            if (c.connectedBy(peer)) {
                c.rejoinInBackground();
            }
        }
    }

    /** Starts leaving every registrar in the background (a registrar's own entries go with it); null if none. */
    Thread leave(ActorUid uid) {
        List<RegistryClient> all = clients;
        if (all.isEmpty()) {
            return null;
        }
        return Thread.ofVirtual().name("tractor-unregister-" + uid.name()).start(() -> {
            List<Thread> each = all.stream().map(c -> Thread.ofVirtual().start(c::unregister)).toList();
            for (Thread t : each) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** The answer of the first registrar that gives one, in asking order; the last failure if none does. */
    private <T> T firstAnswer(Function<RegistryClient, T> ask) {
        TractorException last = null;
        for (RegistryClient c : inAskingOrder(false)) {
            try {
                return ask.apply(c);
            } catch (AuthenticationFailed e) {
                throw e;
            } catch (TractorException e) {
                last = e;
            }
        }
        throw last != null ? last : noRegistrar();
    }

    /**
     * The registrars to ask, in the configured order: the connected ones first, then (unless {@code answered}: one
     * has answered already) those being rejoined, which are dialed again.
     */
    private List<RegistryClient> inAskingOrder(boolean answered) {
        List<RegistryClient> all = clients;
        if (all.size() < 2) {
            return all;
        }
        List<RegistryClient> order = new ArrayList<>(all.stream().filter(RegistryClient::isConnected).toList());
        if (!answered) {
            all.stream().filter(c -> !c.isConnected()).forEach(order::add);
        }
        return order;
    }

    private TractorException noRegistrar() {
        return new TractorException("actor " + actor.uid() + " has no registrar");
    }
}
