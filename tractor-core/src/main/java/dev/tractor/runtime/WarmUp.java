package dev.tractor.runtime;

import dev.tractor.transport.NettyTransport;
import dev.tractor.wire.MsgCodec;
import dev.tractor.wire.ValueCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a pooled child JVM does while it waits to be claimed: run the paths a new actor takes first — the message
 * codec, argument conversion, a loopback handshake — so that they are loaded and compiled when the claim comes.
 * Never fails: a warm-up that goes wrong only leaves the child colder.
 */
final class WarmUp {

    private static final int CODEC_ROUNDS = 2_000;

    private WarmUp() {
    }

    static void run() {
        try {
            MsgCodec.warmUp(CODEC_ROUNDS);
            for (int i = 0; i < CODEC_ROUNDS; i++) {
                ValueCodec.mapper().convertValue(Map.of("x", i, "items", List.of(i, i + 1)), Map.class);
            }
            NettyTransport.warmUp(Duration.ofSeconds(10));
        } catch (Exception | LinkageError e) {
            System.err.println("pooled child: warm-up skipped: " + e);
        }
    }
}
