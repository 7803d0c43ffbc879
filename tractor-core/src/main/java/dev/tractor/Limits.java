package dev.tractor;

/**
 * What one connected peer may take of an actor. A peer past a limit gets a clear error naming the limit and the
 * setting that raises it ({@code tractor.limits.*} in Spring, {@link TractorConfig.Builder#limits} in code); other
 * peers are unaffected. Children inherit their parent's limits.
 *
 * @param tasksPerPeer        how many tasks (plain calls, streams and contexts) one peer may have running here at
 *                            once; a {@code cmd} beyond it is answered with an error and runs nothing
 * @param outboundBufferBytes how many bytes may wait to be written to one peer before this actor's producers for
 *                            that peer (stream senders, tasks about to run) wait for it to read: a peer that stops
 *                            reading holds back only the work it asked for
 * @param unopenedStreamTimeout how long a peer's stream items may fill the window of a stream this actor has not
 *                            opened (a context task that never calls {@code ctx.openStream}, a caller that never
 *                            opens the stream of its context) before that call fails with an error naming the
 *                            stream, rather than holding the peer's sender forever
 * @param registryEntries     how many entries the registry holds at most, when this actor is its host's registrar
 *                            (all peers together: each connection registers at most its own actor); a registration
 *                            beyond it is refused with an error naming this limit, and the entries already there stay
 */
public record Limits(int tasksPerPeer, int outboundBufferBytes, java.time.Duration unopenedStreamTimeout,
                     int registryEntries) {

    /** The default {@link #registryEntries}: 65,536. */
    public static final int DEFAULT_REGISTRY_ENTRIES = 65_536;

    /**
     * 16,384 tasks per peer, 1 MiB waiting to be written, 30 s for an unopened stream whose window is full, 65,536
     * registry entries.
     */
    public static final Limits DEFAULTS = new Limits(16_384, 1 << 20, java.time.Duration.ofSeconds(30),
            DEFAULT_REGISTRY_ENTRIES);

    /** Limits with the default {@code unopenedStreamTimeout} and {@code registryEntries}. */
    public Limits(int tasksPerPeer, int outboundBufferBytes) {
        this(tasksPerPeer, outboundBufferBytes, java.time.Duration.ofSeconds(30));
    }

    /** Limits with the default {@code registryEntries}. */
    public Limits(int tasksPerPeer, int outboundBufferBytes, java.time.Duration unopenedStreamTimeout) {
        this(tasksPerPeer, outboundBufferBytes, unopenedStreamTimeout, DEFAULT_REGISTRY_ENTRIES);
    }

    public Limits {
        java.util.Objects.requireNonNull(unopenedStreamTimeout, "unopenedStreamTimeout");
        if (unopenedStreamTimeout.isNegative() || unopenedStreamTimeout.isZero()) {
            throw new IllegalArgumentException("unopenedStreamTimeout must be positive, got " + unopenedStreamTimeout);
        }
        if (tasksPerPeer < 1) {
            throw new IllegalArgumentException("tasksPerPeer must be at least 1, got " + tasksPerPeer);
        }
        if (outboundBufferBytes < 64 * 1024) {
            throw new IllegalArgumentException("outboundBufferBytes must be at least 65536, got " + outboundBufferBytes);
        }
        if (registryEntries < 1) {
            throw new IllegalArgumentException("registryEntries must be at least 1, got " + registryEntries);
        }
    }

    public Limits withTasksPerPeer(int tasks) {
        return new Limits(tasks, outboundBufferBytes, unopenedStreamTimeout, registryEntries);
    }

    public Limits withOutboundBufferBytes(int bytes) {
        return new Limits(tasksPerPeer, bytes, unopenedStreamTimeout, registryEntries);
    }

    public Limits withUnopenedStreamTimeout(java.time.Duration timeout) {
        return new Limits(tasksPerPeer, outboundBufferBytes, timeout, registryEntries);
    }

    public Limits withRegistryEntries(int entries) {
        return new Limits(tasksPerPeer, outboundBufferBytes, unopenedStreamTimeout, entries);
    }
}
