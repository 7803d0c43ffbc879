package dev.tractor.runtime;

import dev.tractor.ActorFunction;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorException;
import dev.tractor.registry.Registrar;
import dev.tractor.registry.RegistryEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registrar's functions (namespace {@code self} of the registrar actor), as PROTOCOL.md names them. An actor
 * may register only itself (the uid its connection authenticated as) and only at an address where the registrar,
 * dialing it, meets that same actor; entries are owned by the connection they were registered over, and only that
 * connection may unregister them. Answers that list the registry are sized to fit a frame.
 */
final class RegistrarFunctions {

    private static final long FOREVER_MILLIS = Duration.ofDays(365).toMillis();
    /** Room left in a frame for the envelope around a page of entries. */
    private static final int ENVELOPE_BYTES = 128;
    private static final int ENTRY_OVERHEAD_BYTES = 24;
    private static final int NEXT_OVERHEAD_BYTES = 3;

    private final Registrar registrar;
    private final Function<Address, ActorUid> identify;
    private final int maxFrameBytes;

    /**
     * @param identify      dials an address and returns the uid of the actor that authenticates there
     * @param maxFrameBytes this actor's frame limit, the most any answer here may take
     */
    RegistrarFunctions(Registrar registrar, Function<Address, ActorUid> identify, int maxFrameBytes) {
        this.registrar = registrar;
        this.identify = identify;
        this.maxFrameBytes = maxFrameBytes;
    }

    @ActorFunction
    public boolean registerActor(List<String> uid, List<Object> addr) {
        ActorUid claimed = WireForms.uid(uid);
        Peer caller = RpcTask.current().peer();
        if (!claimed.equals(caller.uid())) {
            throw new IllegalArgumentException("actor " + caller.uid() + " may register only itself, not " + claimed);
        }
        Address address = WireForms.address(addr);
        registrar.requireRoom(claimed); // a full registry refuses before dialing anyone
        ActorUid there;
        try {
            there = identify.apply(address);
        } catch (TractorException e) {
            throw new IllegalArgumentException("actor " + claimed + " registered address " + address
                    + ", where the registrar cannot reach it: " + e.getMessage());
        }
        if (!claimed.equals(there)) {
            throw new IllegalArgumentException("actor " + claimed + " registered address " + address
                    + ", where actor " + there + " answers instead");
        }
        registrar.owner(claimed).ifPresent(owner -> {
            if (owner instanceof Peer earlier && !earlier.isOpen()) {
                registrar.dropOwner(earlier); // a reconnect that came before the old connection's close was seen
            }
        });
        registrar.register(claimed, address, caller);
        return true;
    }

    @ActorFunction
    public boolean unregisterActor(List<String> uid) {
        return registrar.unregister(WireForms.uid(uid), RpcTask.current().peer());
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

    /** The functions whose answers list the registry, produced one at a time per peer. */
    static final java.util.Set<String> LISTINGS = java.util.Set.of("registry", "registryPage");

    /** Whether {@code ns.fn} is a registry listing ({@link #LISTINGS}). */
    static boolean isListing(String ns, String fn) {
        return "self".equals(ns) && LISTINGS.contains(fn);
    }

    /** The whole registry, if it fits in half a frame; otherwise callers page through it with {@link #registryPage}. */
    @ActorFunction
    public Map<String, Object> registry() {
        Map<String, RegistryEntry> all = registrar.snapshot();
        Page page = page(all, null, maxFrameBytes / 2);
        if (page.next() != null) {
            throw new IllegalArgumentException("the registry's " + all.size() + " entries take more than half of a "
                    + maxFrameBytes + "-byte frame; page through them with registryPage");
        }
        return page.entries();
    }

    /**
     * The entries whose names sort after {@code after} (all, if null), as many as fit in {@code maxBytes} (the
     * caller's frame limit, capped by this actor's), at least one: {@code {"entries": {...}, "next": name or nil}}.
     */
    @ActorFunction
    public Map<String, Object> registryPage(String after, int maxBytes) {
        int limit = Math.min(Math.max(maxBytes, 0), maxFrameBytes); // no overflow below for a negative maxBytes
        Page page = page(registrar.snapshot(), after, limit - ENVELOPE_BYTES);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("entries", page.entries());
        answer.put("next", page.next());
        return answer;
    }

    /** Every entry, in one map (for this actor's own use, where no frame limits it). */
    Map<String, Object> everything() {
        return page(registrar.snapshot(), null, Integer.MAX_VALUE).entries();
    }

    private record Page(Map<String, Object> entries, String next) {
    }

    private static Page page(Map<String, RegistryEntry> sorted, String after, int budget) {
        Map<String, Object> entries = new LinkedHashMap<>();
        int used = 0;
        String last = null;
        for (Map.Entry<String, RegistryEntry> e : sorted.entrySet()) {
            String name = e.getKey();
            if (after != null && name.compareTo(after) <= 0) {
                continue;
            }
            RegistryEntry entry = e.getValue();
            int size = ENTRY_OVERHEAD_BYTES + 2 * utf8(name) + utf8(entry.uid().uuid())
                    + utf8(entry.address().transport()) + utf8(entry.address().host());
            // the page ends with the name to continue after, as long as this one's
            if (!entries.isEmpty() && used + size + utf8(name) + NEXT_OVERHEAD_BYTES > budget) {
                return new Page(entries, last);
            }
            entries.put(name, List.of(WireForms.of(entry.uid()), WireForms.of(entry.address())));
            used += size;
            last = name;
        }
        return new Page(entries, null);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
