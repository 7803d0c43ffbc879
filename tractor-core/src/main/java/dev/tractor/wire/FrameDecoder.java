package dev.tractor.wire;

import dev.tractor.ProtocolError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into frames and decodes each into a {@link Msg} where it lies in the receive buffer
 * ({@link EnvelopeReader}). A length header over the limit raises a {@link TooLongFrameException} before anything is
 * allocated for the frame; an empty or malformed frame raises a {@link ProtocolError}. One per connection: it
 * keeps the connection's {@link StringCache}.
 *
 * <p>A decoder made for a new connection ({@link #FrameDecoder(int, int)}) starts in handshake mode: frames may be at
 * most the small handshake limit, and each is handed on before the next is decoded, so the handshake can widen the
 * limit ({@link #handshakeDone()}) before the first frame that follows it is looked at.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private static final int LENGTH_BYTES = 4;
    private static final byte TLS_MAJOR_VERSION = 0x03;

    private final long maxFrameBytes;
    private final EnvelopeReader envelopes = new EnvelopeReader(new StringCache());
    private long limit;
    private boolean handshaking;
    private boolean discarding;

    /** A decoder refusing frames whose body is longer than {@code maxFrameBytes}. */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.limit = maxFrameBytes;
    }

    /**
     * A decoder in handshake mode: frames of at most {@code handshakeFrameBytes} (or {@code maxFrameBytes}, if
     * smaller), one at a time, until {@link #handshakeDone()}.
     */
    public FrameDecoder(int maxFrameBytes, int handshakeFrameBytes) {
        this(maxFrameBytes);
        this.limit = Math.min(maxFrameBytes, handshakeFrameBytes);
        this.handshaking = true;
    }

    /** Leaves handshake mode: frames up to the full limit, decoded in batches. Call on the event loop. */
    public void handshakeDone() {
        handshaking = false;
        limit = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= LENGTH_BYTES) {
            int start = in.readerIndex();
            long length = in.getUnsignedInt(start);
            if (handshaking && isTlsRecord(in.getByte(start), in.getByte(start + 1))) {
                discarding = true;
                in.skipBytes(in.readableBytes());
                throw new ProtocolError("the peer speaks TLS, but this actor is not configured for TLS"
                        + " (TractorConfig.Builder.tls, or tractor.ssl.bundle in Spring)");
            }
            if (length > limit) {
                // the stream cannot be resynchronised: the connection is closed, and what still arrives is dropped
                discarding = true;
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("frame length " + length + " exceeds the limit of " + limit + " bytes"
                        + (handshaking ? " before the handshake is complete" : ""));
            }
            if (in.readableBytes() - LENGTH_BYTES < length) {
                return;
            }
            int body = start + LENGTH_BYTES;
            int size = (int) length;
            in.readerIndex(body + size);
            out.add(envelopes.read(in, body, size));
            if (handshaking) {
                return;
            }
        }
    }

    /** A connection that closes part-way through a frame is a violation too, and is reported as one. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!discarding && in.isReadable()) {
            int have = in.readableBytes();
            String part = have < LENGTH_BYTES ? have + " of the 4 bytes of a frame's length"
                    : (have - LENGTH_BYTES) + " of the " + in.getUnsignedInt(in.readerIndex()) + " bytes of a frame";
            in.skipBytes(have);
            throw new ProtocolError("the connection closed in the middle of a frame: " + part + " had arrived");
        }
    }

    /** Whether a frame starts as a TLS record does (content type 20..23, major version 3), never a small frame's length. */
    private static boolean isTlsRecord(byte contentType, byte majorVersion) {
        return contentType >= 20 && contentType <= 23 && majorVersion == TLS_MAJOR_VERSION;
    }
}
