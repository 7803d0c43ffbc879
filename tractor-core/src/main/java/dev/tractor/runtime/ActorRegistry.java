package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.ActorStatus;
import dev.tractor.Address;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor's part in its host's registry: either it is the registrar (the first root on the registry address,
 * serving the registry itself) or a client of the registrar. Finds actors by name either way. Thread-safe once
 * {@link #becomeRegistrarIfFree} and {@link #join} have run during the actor's start.
 */
final class ActorRegistry {

    private static final Logger log = LoggerFactory.getLogger(ActorRegistry.class);

    private final Actor actor;
    private volatile Registrar registrar;
    private volatile RegistrarFunctions registrarFunctions;
    private volatile RegistryClient client;
    private volatile Address address;

    ActorRegistry(Actor actor, TractorConfig config) {
        this.actor = actor;
        this.address = Address.tcp(config.registryHost(), config.registryPort());
    }

    /**
     * A root first tries to listen on the registry address: if it can, it is the registrar of its host and that is
     * its address. Returns null when the address is taken (another root is the registrar).
     *
     * @param identify dials an address and returns the uid that authenticates there
     */
    Address becomeRegistrarIfFree(NettyTransport transport, TractorConfig config, NamespaceRegistry functions,
                                  Function<Address, ActorUid> identify) {
        try {
            Address bound = transport.listen(config.registryHost(), config.registryPort());
            Registrar own = new Registrar(config.limits().registryEntries());
            registrarFunctions = new RegistrarFunctions(own, identify, config.maxFrameBytes());
            functions.register("self", registrarFunctions, RegistrarFunctions.class);
            address = bound;
            registrar = own;
            return bound;
        } catch (TractorException e) {
            if (config.registryPort() == 0) {
                throw e;
            }
            log.debug("registry address {}:{} is taken ({}); joining the registrar there", config.registryHost(),
                    config.registryPort(), e.getMessage());
            return null;
        }
    }

    /** Registers the actor ({@code uid} at {@code at}): in its own registrar, or with the host's. */
    void join(ActorUid uid, Address at) {
        Registrar own = registrar;
        if (own != null) {
            own.register(uid, at, actor);
        } else {
            RegistryClient c = new RegistryClient(actor, address);
            client = c;
            c.register();
        }
    }

    boolean isRegistrar() {
        return registrar != null;
    }

    /** Where the registrar listens. */
    Address address() {
        return address;
    }

    /** The registry as this actor knows it without asking: every entry if it is the registrar, else where that is. */
    ActorStatus.Registry status() {
        Registrar own = registrar;
        List<ActorStatus.Registered> actors = new ArrayList<>();
        if (own != null) {
            own.snapshot().forEach((name, e) -> actors.add(new ActorStatus.Registered(name, e.uid(),
                    e.address().toString())));
        }
        Address at = address;
        return new ActorStatus.Registry(own != null, at == null ? null : at.toString(), actors);
    }

    /** Name → [uid, address] of every registered actor (the newest of each name). */
    Map<String, Object> everything() {
        RegistrarFunctions own = registrarFunctions;
        return own != null ? own.everything() : requireClient().registry();
    }

    Optional<Address> find(String name) {
        Registrar own = registrar;
        return own != null ? own.find(name).map(RegistryEntry::address) : requireClient().find(name);
    }

    Optional<Address> await(String name, Duration timeout) {
        Registrar own = registrar;
        if (own == null) {
            return requireClient().await(name, timeout);
        }
        try {
            return own.await(name, timeout.toMillis()).map(RegistryEntry::address);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while waiting for actor '" + name + "'", e);
        }
    }

    /**
     * A peer's connection closed: what it registered here goes; if it was the connection to the host's registrar,
     * this actor starts rejoining it in the background, unless it is closing.
     */
    void peerClosed(Peer peer, boolean closing) {
        Registrar own = registrar;
        if (own != null) {
            own.dropOwner(peer);
        }
        RegistryClient c = client;
        if (c != null && !closing && c.connectedBy(peer)) {
            c.rejoinInBackground();
        }
    }

    /** Starts leaving the host's registry in the background (a registrar's own entries go with it); null if none. */
    Thread leave(ActorUid uid) {
        RegistryClient c = client;
        return c == null ? null : Thread.ofVirtual().name("tractor-unregister-" + uid.name()).start(c::unregister);
    }

    private RegistryClient requireClient() {
        RegistryClient c = client;
        if (c == null) {
            throw new TractorException("actor " + actor.uid() + " has no registrar");
        }
        return c;
    }
}
