package dev.tractor.transport;

import dev.tractor.ActorUid;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the accepted connections of one listener that have not finished the handshake. When a new one would exceed
 * {@link #MAX_PENDING}, the oldest still pending is closed: a legitimate peer finishes its handshake within
 * moments, so a stranger holding connections open gains nothing but the loss of its own oldest ones. Thread-safe.
 */
final class PendingHandshakes {

    /** The most connections a listener keeps that have not finished the handshake. */
    static final int MAX_PENDING = 128;

    private static final Logger log = LoggerFactory.getLogger(PendingHandshakes.class);
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final ActorUid self;
    private final ConcurrentLinkedDeque<Channel> pending = new ConcurrentLinkedDeque<>();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    PendingHandshakes(ActorUid self) {
        this.self = self;
    }

    /** Tracks {@code channel} until {@code handshake} completes, closing the oldest pending one if there are too many. */
    void admit(Channel channel, CompletableFuture<?> handshake) {
        pending.addLast(channel);
        handshake.whenComplete((ok, failed) -> pending.remove(channel));
        while (pending.size() > MAX_PENDING) {
            Channel oldest = pending.pollFirst();
            if (oldest == null) {
                break;
            }
            oldest.close();
            long n = evicted.incrementAndGet();
            long now = System.nanoTime();
            long last = lastLog.get();
            if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
                log.warn("{}: more than {} connections have not finished the handshake; closed the oldest, from {}"
                        + " ({} closed so far)", self, MAX_PENDING, PeerNames.of(oldest), n);
            }
        }
    }
}
