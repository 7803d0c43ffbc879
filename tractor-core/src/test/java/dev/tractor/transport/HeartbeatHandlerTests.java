package dev.tractor.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorUid;
import dev.tractor.Heartbeat;
import dev.tractor.wire.Ping;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat's verdict, with its clock and its ticks driven by hand (interval 1 s, tolerance 3 s, a tick every
 * 500 ms): on-time ticks close a silent connection once the tolerance has passed; a tick of this actor's own that
 * comes late (the actor itself was paused: a long GC, a stopped process) defers the verdict by one tick, so that
 * what the peer sent meanwhile is read first and the connection stays; if nothing arrived, the next tick closes it.
 */
class HeartbeatHandlerTests {

    static final Heartbeat HEARTBEAT = new Heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(3));
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    long now = 1_000_000_000L;
    HeartbeatHandler handler;
    EmbeddedChannel channel;
    ChannelHandlerContext ctx;

    @BeforeEach
    void open() {
        handler = new HeartbeatHandler(ActorUid.random("self"), ActorUid.random("peer"), HEARTBEAT, () -> now);
        channel = new EmbeddedChannel(handler);
        ctx = channel.pipeline().context(handler);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** Moves the clock to {@code atMillis} after the connection opened and ticks there. */
    void tickAt(long atMillis) {
        now = 1_000_000_000L + atMillis * MS;
        handler.tick(ctx);
    }

    /** The peer's bytes arrive at {@code atMillis}. */
    void readAt(long atMillis) {
        now = 1_000_000_000L + atMillis * MS;
        handler.channelReadComplete(ctx);
    }

    String closeReason() {
        return channel.attr(ChannelAttributes.CLOSE_REASON).get();
    }

    @Test
    void onTimeTicksCloseASilentConnectionOnceTheToleranceHasPassedAndPingMeanwhile() {
        for (long t = 500; t < 3_000; t += 500) {
            tickAt(t);
            assertThat(channel.isOpen()).as("open at %d ms", t).isTrue();
        }
        assertThat((Object) channel.readOutbound()).as("a ping once an interval passed without writes")
                .isSameAs(Ping.INSTANCE);
        tickAt(3_000);
        assertThat(channel.isOpen()).isFalse();
        assertThat(closeReason()).startsWith("no heartbeat for 3.0 s (tolerance 3.0 s; last sign of life at ");
    }

    @Test
    void aLateTickOfItsOwnDefersTheVerdictSoWhatArrivedMeanwhileIsReadFirst() {
        tickAt(500);
        tickAt(1_000);
        tickAt(10_000);   // this actor was paused for 9 s: the peer has been silent beyond the tolerance
        assertThat(channel.isOpen()).as("open after its own late tick").isTrue();
        readAt(10_010);   // what the peer sent during the pause is read now
        for (long t = 10_500; t <= 12_500; t += 500) {
            tickAt(t);
            assertThat(channel.isOpen()).as("open at %d ms", t).isTrue();
        }
        assertThat(closeReason()).isNull();
    }

    @Test
    void aLateTickWithNothingArrivedMeanwhileClosesAtTheNextTick() {
        tickAt(500);
        tickAt(10_000);
        assertThat(channel.isOpen()).as("open after its own late tick").isTrue();
        tickAt(10_500);
        assertThat(channel.isOpen()).isFalse();
        assertThat(closeReason()).startsWith("no heartbeat for 10.5 s (tolerance 3.0 s; ");
    }

    @Test
    void aTickOnlyALittleLateIsNotLateAndGivesItsVerdict() {
        for (long t = 500; t <= 2_500; t += 500) {
            tickAt(t);
        }
        tickAt(3_520);   // 1,020 ms after the previous tick: within two ticks and 100 ms
        assertThat(channel.isOpen()).isFalse();
        assertThat(closeReason()).startsWith("no heartbeat for 3.5 s");
    }
}
