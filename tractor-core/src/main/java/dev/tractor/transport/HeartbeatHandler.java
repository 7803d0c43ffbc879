package dev.tractor.transport;

import dev.tractor.ActorUid;
import dev.tractor.Heartbeat;
import dev.tractor.wire.Ping;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness of an authenticated connection ({@link Heartbeat}): writes a {@link Ping} when nothing else was written
 * for an interval, and closes the connection when nothing at all was read for the tolerance, recording why in
 * {@link ChannelAttributes#CLOSE_REASON}. A tick that comes late (this actor itself was paused: a long GC, a
 * stopped process) defers the verdict by one tick, so that what arrived meanwhile is read first. Runs on the
 * channel's event loop only.
 */
public final class HeartbeatHandler extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatHandler.class);
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ActorUid self;
    private final ActorUid peer;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final long tickNanos;
    private long lastRead;
    private long lastWrite;
    private long lastTick;
    private final java.util.function.LongSupplier clock;
    private ScheduledFuture<?> ticking;

    public HeartbeatHandler(ActorUid self, ActorUid peer, Heartbeat heartbeat) {
        this(self, peer, heartbeat, System::nanoTime);
    }

    /** With {@code clock} in place of {@link System#nanoTime} (tests drive it, and {@link #tick}, by hand). */
    HeartbeatHandler(ActorUid self, ActorUid peer, Heartbeat heartbeat, java.util.function.LongSupplier clock) {
        this.clock = clock;
        this.self = self;
        this.peer = peer;
        this.intervalNanos = heartbeat.interval().toNanos();
        this.toleranceNanos = heartbeat.tolerance().toNanos();
        this.tickNanos = Math.min(intervalNanos / 2, MAX_TICK_NANOS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long now = clock.getAsLong();
        lastRead = now;
        lastWrite = now;
        lastTick = now;
        ticking = ctx.executor().scheduleWithFixedDelay(() -> tick(ctx), tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Ping) {
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Once per read, not per message: a busy stream costs no clock reads per item. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastRead = clock.getAsLong();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastWrite = clock.getAsLong();
        ctx.write(msg, promise);
    }

    /** One look at the connection; runs every {@code tickNanos} (half an interval, at most 500 ms). */
    void tick(ChannelHandlerContext ctx) {
        long now = clock.getAsLong();
        boolean late = now - lastTick > 2 * tickNanos + TimeUnit.MILLISECONDS.toNanos(100);
        lastTick = now;
        if (!ctx.channel().isActive()) {
            stop();
            return;
        }
        long silent = now - lastRead;
        if (silent >= toleranceNanos && !late) {
            String why = "no heartbeat for " + seconds(silent) + " (tolerance " + seconds(toleranceNanos)
                    + "; last sign of life at " + Instant.now().minusNanos(silent).truncatedTo(ChronoUnit.MILLIS) + ")";
            log.warn("{}: closing the connection to actor {} at {}: {}", self, peer, PeerNames.of(ctx.channel()), why);
            ctx.channel().attr(ChannelAttributes.CLOSE_REASON).set(why);
            stop();
            ctx.close();
            return;
        }
        if (now - lastWrite >= intervalNanos) {
            lastWrite = now;
            ctx.writeAndFlush(Ping.INSTANCE, ctx.voidPromise());
        }
    }

    private void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
