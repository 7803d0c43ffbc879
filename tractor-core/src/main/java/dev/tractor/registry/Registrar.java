package dev.tractor.registry;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The registry of actors on a host: names to (uid, address). Several actors may share a name; lookups
 * return the most recently registered one that is still registered. Every entry belongs to the
 * connection it was registered over ({@code owner}): only that connection may remove it, and all of a
 * connection's entries are dropped when it closes, so an actor that died is never returned. Who may register what
 * is decided by the caller (the registrar actor admits only an actor's own uid at an address it answers on).
 * The registry holds at most {@code maxEntries} entries; a registration beyond them is refused and the entries
 * already there stay. Thread-safe; waits are interruptible.
 */
public final class Registrar {

    /** What a refusal for a full registry names as the setting that raises the limit. */
    public static final String ENTRIES_SETTING = "tractor.limits.registry-entries, Limits.registryEntries";

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Map<String, Owned>> byName = new LinkedHashMap<>();
    private final int maxEntries;
    private int entries;

    /** A registry of at most {@link dev.tractor.Limits#DEFAULT_REGISTRY_ENTRIES} entries. */
    public Registrar() {
        this(dev.tractor.Limits.DEFAULT_REGISTRY_ENTRIES);
    }

    /** A registry of at most {@code maxEntries} entries. */
    public Registrar(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    private record Owned(RegistryEntry entry, Object owner) {
    }

    /**
     * Registers (or re-registers) {@code uid} at {@code address}, owned by the connection {@code owner}.
     *
     * @throws IllegalArgumentException if another connection registered {@code uid} (the entry stays); the caller
     *                                  drops a closed connection's entries first with {@link #dropOwner}
     * @throws IllegalStateException    if {@code uid} is new and the registry already holds {@code maxEntries}
     *                                  entries (they all stay); the message names the limit and its settings
     */
    public void register(ActorUid uid, Address address, Object owner) {
        lock.lock();
        try {
            Map<String, Owned> named = byName.get(uid.name());
            Owned existing = named == null ? null : named.get(uid.uuid());
            if (existing != null && existing.owner() != owner) {
                throw new IllegalArgumentException("actor " + uid + " is registered over another connection;"
                        + " only that connection may register it again");
            }
            if (existing == null && entries >= maxEntries) {
                throw full(uid);
            }
            if (named == null) {
                named = new LinkedHashMap<>();
                byName.put(uid.name(), named);
            }
            named.remove(uid.uuid()); // re-registering makes it the newest of its name
            named.put(uid.uuid(), new Owned(new RegistryEntry(uid, address), owner));
            if (existing == null) {
                entries++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes {@code uid} if the connection {@code owner} registered it; true if it was registered.
     *
     * @throws IllegalArgumentException if another connection registered it (the entry stays)
     */
    public boolean unregister(ActorUid uid, Object owner) {
        lock.lock();
        try {
            Map<String, Owned> named = byName.get(uid.name());
            Owned entry = named == null ? null : named.get(uid.uuid());
            if (entry == null) {
                return false;
            }
            if (entry.owner() != owner) {
                throw new IllegalArgumentException("actor " + uid + " was registered over another connection;"
                        + " only that connection may unregister it");
            }
            named.remove(uid.uuid());
            entries--;
            if (named.isEmpty()) {
                byName.remove(uid.name());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The connection that registered {@code uid}, if it is registered. */
    public Optional<Object> owner(ActorUid uid) {
        lock.lock();
        try {
            Map<String, Owned> named = byName.get(uid.name());
            Owned entry = named == null ? null : named.get(uid.uuid());
            return entry == null ? Optional.empty() : Optional.of(entry.owner());
        } finally {
            lock.unlock();
        }
    }

    /** Drops every entry registered over the connection {@code owner}; returns them. */
    public List<RegistryEntry> dropOwner(Object owner) {
        List<RegistryEntry> dropped = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<Map<String, Owned>> names = byName.values().iterator(); names.hasNext(); ) {
                Map<String, Owned> named = names.next();
                named.values().removeIf(o -> {
                    if (o.owner() == owner) {
                        dropped.add(o.entry());
                        return true;
                    }
                    return false;
                });
                if (named.isEmpty()) {
                    names.remove();
                }
            }
            entries -= dropped.size();
        } finally {
            lock.unlock();
        }
        return dropped;
    }

    /**
     * Refuses at once a registration of {@code uid} that {@link #register} would refuse for a full registry, before
     * the caller spends anything on checking it.
     *
     * @throws IllegalStateException as {@link #register} does when the registry is full
     */
    public void requireRoom(ActorUid uid) {
        lock.lock();
        try {
            Map<String, Owned> named = byName.get(uid.name());
            if (entries >= maxEntries && (named == null || !named.containsKey(uid.uuid()))) {
                throw full(uid);
            }
        } finally {
            lock.unlock();
        }
    }

    private IllegalStateException full(ActorUid uid) {
        return new IllegalStateException("the registry is full: it holds " + entries + " entries, the most this"
                + " registrar takes (" + ENTRIES_SETTING + " = " + maxEntries + "); actor " + uid
                + " is not registered");
    }

    /** How many entries the registry holds (every actor, not only the newest of each name). */
    public int size() {
        lock.lock();
        try {
            return entries;
        } finally {
            lock.unlock();
        }
    }

    /** The most entries it holds; a registration beyond them is refused. */
    public int maxEntries() {
        return maxEntries;
    }

    /** The most recently registered actor called {@code name}. */
    public Optional<RegistryEntry> find(String name) {
        lock.lock();
        try {
            return newest(name);
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until an actor called {@code name} is registered, at most {@code timeoutMillis}; empty on timeout. */
    public Optional<RegistryEntry> await(String name, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lockInterruptibly();
        try {
            Optional<RegistryEntry> found;
            while ((found = newest(name)).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(left);
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    /** Name → the most recently registered actor of that name, sorted by name. */
    public Map<String, RegistryEntry> snapshot() {
        lock.lock();
        try {
            Map<String, RegistryEntry> all = new TreeMap<>();
            for (String name : byName.keySet()) {
                newest(name).ifPresent(e -> all.put(name, e));
            }
            return all;
        } finally {
            lock.unlock();
        }
    }

    private Optional<RegistryEntry> newest(String name) {
        Map<String, Owned> named = byName.get(name);
        if (named == null || named.isEmpty()) {
            return Optional.empty();
        }
        Owned last = null;
        for (Owned o : named.values()) {
            last = o;
        }
        return Optional.of(last.entry());
    }
}
