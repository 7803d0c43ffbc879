package dev.tractor.spawn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SpawnBackend} that keeps {@code size} child JVMs started ahead of need — booted, classes loaded, the wire
 * path warmed — waiting without an identity. A spawn whose JVM command matches the pool's claims one: the identity,
 * the parent's address and the cookie go over the child's stdin ({@link PoolClaim}), so starting the actor costs a
 * connection and a handshake instead of a JVM boot. Other spawns (other JVM options, say) start cold. The pool
 * refills in the background once a claimed child is up ({@link #refill()}).
 *
 * <p>Pooled JVMs are not actors until claimed: no registry entry, no nursery, not in any status. {@link #close()}
 * kills the unclaimed ones; if this process dies instead, each of them sees its stdin end and exits. Thread-safe.
 */
public final class WarmPool implements SpawnBackend, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);

    private final PoolableSpawnBackend cold;
    private final int size;
    private final List<String> command;
    private final String owner;
    private final ConcurrentLinkedDeque<LocalChildProcess> ready = new ConcurrentLinkedDeque<>();
    private final AtomicInteger claims = new AtomicInteger();
    private final Object refillLock = new Object();
    private volatile boolean closed;
    private boolean refilling;

    /**
     * A pool of {@code size} children able to serve requests like {@code template} (their JVM options); starts
     * filling at once, in the background.
     *
     * @param owner the owning actor's name, for the pooled JVMs' output and the log
     */
    public WarmPool(PoolableSpawnBackend cold, int size, SpawnRequest template, String owner) {
        if (!cold.supportsPooling()) {
            throw new IllegalArgumentException("the spawn backend's child main class cannot be pooled");
        }
        this.cold = cold;
        this.size = size;
        this.command = cold.pooledCommand(template);
        this.owner = owner;
        refill();
    }

    @Override
    public ChildProcess spawn(SpawnRequest request) {
        if (!closed && ClassDataCache.withoutArchiveOptions(command)
                .equals(ClassDataCache.withoutArchiveOptions(cold.pooledCommand(request)))) {
            LocalChildProcess child;
            while ((child = ready.pollFirst()) != null) {
                if (claim(child, request)) {
                    return child;
                }
            }
        }
        refill();
        return cold.spawn(request);
    }

    private boolean claim(LocalChildProcess child, SpawnRequest request) {
        if (!child.isAlive()) {
            return false;
        }
        Map<String, String> env = new HashMap<>();
        ChildEnvironment.write(request.config(), request.cookie(), env);
        try {
            new PoolClaim(request.uid(), request.parentAddress(), env).writeTo(child.stdin());
        } catch (IOException e) {
            log.debug("pooled child pid {} could not be claimed: {}", child.pid(), e.toString());
            child.kill();
            return false;
        }
        child.rename(request.uid().name());
        claims.incrementAndGet();
        return true;
    }

    /**
     * Starts children in the background until {@code size} are ready. Called once a claimed child is up (so that a
     * new JVM's boot does not compete with the claimed child's start for the CPU), and when a spawn found the pool
     * empty.
     */
    public void refill() {
        synchronized (refillLock) {
            if (refilling || closed) {
                return;
            }
            refilling = true;
        }
        Thread.ofVirtual().name("tractor-warm-pool-" + owner).start(() -> {
            try {
                ready.removeIf(c -> !c.isAlive());
                while (!closed && ready.size() < size) {
                    startOne();
                }
            } finally {
                synchronized (refillLock) {
                    refilling = false;
                }
            }
        });
    }

    private void startOne() {
        LocalChildProcess child;
        try {
            child = cold.startPooled(command, owner + ":pooled");
        } catch (IOException e) {
            log.warn("warm pool of {}: cannot start a JVM ({}); spawns start cold", owner, e.getMessage());
            closed = true;
            return;
        }
        ready.addLast(child);
        if (closed) {
            killAll();
        }
    }

    /** How many children wait to be claimed now. */
    public int readyCount() {
        return (int) ready.stream().filter(LocalChildProcess::isAlive).count();
    }

    /** How many spawns this pool has served. */
    public int claimCount() {
        return claims.get();
    }

    /** The pids of the children waiting to be claimed. */
    public List<Long> readyPids() {
        List<Long> pids = new ArrayList<>();
        ready.forEach(c -> pids.add(c.pid()));
        return pids;
    }

    @Override
    public boolean childrenConfigureTls() {
        return cold.childrenConfigureTls();
    }

    @Override
    public boolean childrenConfigureValueMappers() {
        return cold.childrenConfigureValueMappers();
    }

    /** Stops refilling and kills every unclaimed child; waits (bounded) for them to exit. Idempotent. */
    @Override
    public void close() {
        closed = true;
        killAll();
    }

    private void killAll() {
        LocalChildProcess child;
        while ((child = ready.pollFirst()) != null) {
            child.kill();
        }
    }
}
