package dev.tractor.wire;

import io.netty.channel.ChannelPipeline;

/** Installs the protocol's framing and message codec in a channel pipeline. */
public final class WirePipeline {

    /** The protocol version sent in {@link Hello}. */
    public static final int PROTO_VERSION = 2;

    /** The largest frame accepted before a connection has completed its handshake. */
    public static final int HANDSHAKE_MAX_FRAME_BYTES = 4096;

    /** The default limit on a frame's body length. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private WirePipeline() {
    }

    /**
     * Adds "frameDecoder" and "msgEncoder" at the end of {@code p}. A frame whose length header exceeds
     * {@code maxFrameBytes} raises a {@code TooLongFrameException} before anything is allocated for it.
     */
    public static void addCodec(ChannelPipeline p, int maxFrameBytes) {
        p.addLast("frameDecoder", new FrameDecoder(maxFrameBytes));
        p.addLast("msgEncoder", new MsgEncoder());
    }

    /**
     * As {@link #addCodec}, for a new connection: until the handshake calls {@link FrameDecoder#handshakeDone()} on
     * the "frameDecoder", frames are limited to {@link #HANDSHAKE_MAX_FRAME_BYTES} and decoded one at a time.
     */
    public static void addHandshakingCodec(ChannelPipeline p, int maxFrameBytes) {
        p.addLast("frameDecoder", new FrameDecoder(maxFrameBytes, HANDSHAKE_MAX_FRAME_BYTES));
        p.addLast("msgEncoder", new MsgEncoder());
    }
}
