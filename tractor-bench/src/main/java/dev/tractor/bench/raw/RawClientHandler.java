package dev.tractor.bench.raw;

import dev.tractor.bench.Payloads;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's end of the raw connection: completes the pending request of each reply (handing over the
 * frame, which the waiting thread releases), and counts stream items ({@link RawClientFrames} hands them over)
 * and echoes on the event loop.
 */
final class RawClientHandler extends ChannelInboundHandlerAdapter {

    final Map<Integer, CompletableFuture<ByteBuf>> pending = new ConcurrentHashMap<>();
    volatile StreamCounter stream;
    volatile EchoPump echo;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        byte op = frame.readByte();
        int id = frame.readInt();
        if (op == RawProtocol.REPLY) {
            CompletableFuture<ByteBuf> waiting = pending.remove(id);
            if (waiting != null && waiting.complete(frame)) {
                return;
            }
            frame.release();
            return;
        }
        try {
            switch (op) {
                case RawProtocol.END -> stream.ended.countDown();
                case RawProtocol.ECHO -> echo.echoed(ctx, id, frame);
                default -> throw new IllegalStateException("unexpected op " + op);
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        IOException gone = new IOException("the raw child's connection closed");
        pending.values().forEach(f -> f.completeExceptionally(gone));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        cause.printStackTrace();
        ctx.close();
    }

    /** Decodes and counts the items of one stream; written by the event loop only. */
    static final class StreamCounter {
        final Payloads.Item kind;
        final CountDownLatch first = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        volatile long count;
        private long sink;

        StreamCounter(Payloads.Item kind) {
            this.kind = kind;
        }

        void item(ByteBuf frame) {
            switch (kind) {
                case INT -> sink += RawCodec.readInt(frame);
                case REC -> sink += RawCodec.readRec(frame).values().size();
                case BLOB -> sink += RawCodec.readBytes(frame).length;
            }
            count = count + 1;
            first.countDown();
        }
    }

    /** Keeps a fixed number of echo messages outstanding: each echo received sends the next one. */
    static final class EchoPump {
        final int inFlight;
        final CountDownLatch first = new CountDownLatch(1);
        final CountDownLatch drained = new CountDownLatch(1);
        volatile boolean running = true;
        volatile long count;
        private int outstanding;

        EchoPump(int inFlight) {
            this.inFlight = inFlight;
        }

        /** On the event loop: sends the first {@code inFlight} messages. */
        void start(ChannelHandlerContext ctx, int id) {
            outstanding = inFlight;
            for (int i = 0; i < inFlight; i++) {
                send(ctx, id, i);
            }
            ctx.flush();
        }

        void echoed(ChannelHandlerContext ctx, int id, ByteBuf frame) {
            int x = RawCodec.readInt(frame);
            count = count + 1;
            first.countDown();
            if (running) {
                send(ctx, id, x + 1);
            } else if (--outstanding == 0) {
                drained.countDown();
            }
        }

        private static void send(ChannelHandlerContext ctx, int id, int x) {
            ctx.write(RawProtocol.frame(ctx.alloc(), RawProtocol.ECHO, id, 8, out -> RawCodec.writeInt(out, x)),
                    ctx.voidPromise());
        }
    }
}
