package dev.tractor.runtime;

import dev.tractor.ActorFunction;
import dev.tractor.registry.Registrar;
import dev.tractor.registry.RegistryEntry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registrar's functions (namespace {@code self} of the registrar actor), as PROTOCOL.md names them.
 * Entries are owned by the connection they were registered over.
 */
final class RegistrarFunctions {

    private static final long FOREVER_MILLIS = Duration.ofDays(365).toMillis();

    private final Registrar registrar;

    RegistrarFunctions(Registrar registrar) {
        this.registrar = registrar;
    }

    @ActorFunction
    public boolean registerActor(List<String> uid, List<Object> addr) {
        registrar.register(WireForms.uid(uid), WireForms.address(addr), RpcTask.current().peer());
        return true;
    }

    @ActorFunction
    public boolean unregisterActor(List<String> uid) {
        return registrar.unregister(WireForms.uid(uid));
    }

    @ActorFunction
    public List<Object> findActor(String name) {
        return registrar.find(name).map(e -> WireForms.of(e.address())).orElse(null);
    }

    /** Answers once an actor called {@code name} registers; the caller cancels it to give up. */
    @ActorFunction
    public List<Object> waitForActor(String name) throws InterruptedException {
        return registrar.await(name, FOREVER_MILLIS).map(e -> WireForms.of(e.address())).orElse(null);
    }

    @ActorFunction
    public Map<String, Object> registry() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Map.Entry<String, RegistryEntry> e : registrar.snapshot().entrySet()) {
            all.put(e.getKey(), List.of(WireForms.of(e.getValue().uid()), WireForms.of(e.getValue().address())));
        }
        return all;
    }
}
