package dev.tractor.wire;

import io.netty.channel.ChannelPipeline;

/** Installs the protocol's framing and message codec in a channel pipeline. */
public final class WirePipeline {

    /** The protocol version sent in {@link Hello}. */
    public static final int PROTO_VERSION = 1;

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
}
