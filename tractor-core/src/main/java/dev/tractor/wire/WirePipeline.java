package dev.tractor.wire;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Installs the protocol's framing and message codec in a channel pipeline. */
public final class WirePipeline {

    /** The protocol version sent in {@link Hello}. */
    public static final int PROTO_VERSION = 1;

    /** The default limit on a frame's body length. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private static final int LENGTH_BYTES = 4;

    private WirePipeline() {
    }

    /**
     * Adds "frameDecoder", "msgDecoder" and "msgEncoder" at the end of {@code p}. A frame whose length header
     * exceeds {@code maxFrameBytes} raises a {@code TooLongFrameException} before anything is allocated for it.
     */
    public static void addCodec(ChannelPipeline p, int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        // Netty's limit counts the length header too.
        int limit = (int) Math.min((long) maxFrameBytes + LENGTH_BYTES, Integer.MAX_VALUE);
        p.addLast("frameDecoder", new LengthFieldBasedFrameDecoder(limit, 0, LENGTH_BYTES, 0, LENGTH_BYTES));
        p.addLast("msgDecoder", new MsgDecoder());
        p.addLast("msgEncoder", new MsgEncoder());
    }
}
