package dev.tractor.kubernetes;

import dev.tractor.spawn.SpawnRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm pool of pods: {@code size} pods started ahead with no identity (their JVM booted, their child main warmed
 * up), waiting for a claim. A spawn whose pod would run the same command claims a running one by writing its
 * identity into the pod's claim annotation ({@link PooledPodMain} picks it up), and the pool refills in the background
 * once the claimed child is up, or at once when a spawn found it empty.
 * Thread-safe; {@link #close()} deletes the pods not claimed.
 */
final class PodPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodPool.class);

    private final KubernetesClient client;
    private final String namespace;
    private final int size;
    private final List<String> command;
    private final Supplier<PodChildProcess> startOne;
    private final BiFunction<PodChildProcess, SpawnRequest, Boolean> claimOne;
    private final ConcurrentLinkedDeque<PodChildProcess> members = new ConcurrentLinkedDeque<>();
    private final AtomicInteger claims = new AtomicInteger();
    private final Object refillLock = new Object();
    private boolean refilling;
    private volatile boolean closed;

    /**
     * @param command  the command of the pool's pods: a spawn whose pod would run it can claim one
     * @param startOne creates one pooled pod and tracks it
     * @param claimOne hands a pooled pod a request's identity; false if the pod could not take it
     */
    PodPool(KubernetesClient client, String namespace, int size, List<String> command,
            Supplier<PodChildProcess> startOne, BiFunction<PodChildProcess, SpawnRequest, Boolean> claimOne) {
        this.client = client;
        this.namespace = namespace;
        this.size = size;
        this.command = List.copyOf(command);
        this.startOne = startOne;
        this.claimOne = claimOne;
        refill();
    }

    List<String> command() {
        return command;
    }

    /** A running pooled pod, now serving {@code request}; null if none is ready. */
    PodChildProcess claim(SpawnRequest request) {
        if (closed) {
            return null;
        }
        for (PodChildProcess member : members) {
            if (member.waitingForClaim() && members.remove(member)) {
                if (claimOne.apply(member, request)) {
                    claims.incrementAndGet();
                    return member;   // refilled once the child is up, not to compete with its start
                }
                member.discard();
            }
        }
        refill();
        return null;
    }

    /** How many pooled pods have warmed up and wait for a claim now. */
    int readyCount() {
        return (int) members.stream().filter(PodChildProcess::waitingForClaim).count();
    }

    /** How many spawns this pool has served. */
    int claimCount() {
        return claims.get();
    }

    /** Starts pods in the background until {@code size} are pooled. */
    void refill() {
        synchronized (refillLock) {
            if (refilling || closed) {
                return;
            }
            refilling = true;
        }
        Thread.ofVirtual().name("tractor-pod-pool").start(() -> {
            try {
                members.removeIf(m -> !m.isAlive());
                while (!closed && members.size() < size) {
                    members.add(startOne.get());
                }
            } catch (KubernetesClientException e) {
                log.warn("the warm pool's pods in {} cannot be created ({}); spawns start cold", namespace,
                        e.getMessage());
            } finally {
                synchronized (refillLock) {
                    refilling = false;
                }
            }
            if (closed) {
                discardAll();
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        discardAll();
    }

    private void discardAll() {
        PodChildProcess member;
        while ((member = members.pollFirst()) != null) {
            member.discard();
        }
    }
}
