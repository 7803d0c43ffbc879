package dev.tractor.bench.raw;

import dev.tractor.bench.Heap;
import dev.tractor.bench.Payloads;
import dev.tractor.bench.Rec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The raw baseline's child: answers each request on the event loop, writes replies without flushing and
 * flushes once per read batch (Netty's usual echo-server shape), and pumps stream items while the channel is
 * writable. Everything runs on the channel's event loop, so no state needs locking.
 */
final class RawServerHandler extends ChannelInboundHandlerAdapter {

    private static final boolean ONE_BUFFER = Boolean.getBoolean("bench.raw.batchItems");

    /** An idle session: what a minimal server keeps per open session. */
    private record Session(int id, long openedAt) {
    }

    /**
     * With {@code -Dbench.raw.virtualThreads=true} an int request ({@code rtt}) is answered from a virtual thread
     * started for it, which writes and flushes its reply through the event loop: the thread shape of an actor
     * function, for measuring what that shape costs on its own.
     */
    private static final boolean ANSWER_ON_VIRTUAL_THREADS = Boolean.getBoolean("bench.raw.virtualThreads");

    private final Map<Integer, Session> sessions = new HashMap<>();
    private Pump pump;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            byte op = frame.readByte();
            int id = frame.readInt();
            switch (op) {
                case RawProtocol.INC -> {
                    int x = RawCodec.readInt(frame);
                    if (ANSWER_ON_VIRTUAL_THREADS) {
                        Thread.ofVirtual().start(() -> ctx.writeAndFlush(RawProtocol.frame(ctx.alloc(),
                                RawProtocol.REPLY, id, 8, out -> RawCodec.writeInt(out, x + 1)), ctx.voidPromise()));
                    } else {
                        reply(ctx, RawProtocol.REPLY, id, 8, out -> RawCodec.writeInt(out, x + 1));
                    }
                }
                case RawProtocol.REC -> {
                    Rec r = RawCodec.readRec(frame);
                    reply(ctx, RawProtocol.REPLY, id, 1100, out -> RawCodec.writeRec(out, r));
                }
                case RawProtocol.BYTES -> {
                    byte[] b = RawCodec.readBytes(frame);
                    reply(ctx, RawProtocol.REPLY, id, b.length + 8, out -> RawCodec.writeBytes(out, b));
                }
                case RawProtocol.ECHO -> {
                    int x = RawCodec.readInt(frame);
                    reply(ctx, RawProtocol.ECHO, id, 8, out -> RawCodec.writeInt(out, x));
                }
                case RawProtocol.STREAM -> {
                    int request = RawCodec.readInt(frame);
                    startPump(ctx, id, Payloads.Item.values()[request & 0xff], (request & RawProtocol.BATCHED) != 0);
                }
                case RawProtocol.STOP -> {
                    if (pump != null) {
                        pump.stop();
                    }
                }
                case RawProtocol.OPEN -> {
                    int session = RawCodec.readInt(frame);
                    sessions.put(session, new Session(session, System.nanoTime()));
                    reply(ctx, RawProtocol.REPLY, id, 8, out -> RawCodec.writeInt(out, 1));
                }
                case RawProtocol.CLOSE -> {
                    sessions.remove(RawCodec.readInt(frame));
                    reply(ctx, RawProtocol.REPLY, id, 8, out -> RawCodec.writeInt(out, 1));
                }
                case RawProtocol.HEAP -> {
                    long used = Heap.usedAfterGc();
                    reply(ctx, RawProtocol.REPLY, id, 16, out -> RawCodec.writeInt(out, used));
                }
                case RawProtocol.SESSIONS -> reply(ctx, RawProtocol.REPLY, id, 8,
                        out -> RawCodec.writeInt(out, sessions.size()));
                default -> throw new IllegalStateException("unknown op " + op);
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
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (pump != null && ctx.channel().isWritable()) {
            pump.schedule();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        cause.printStackTrace();
        ctx.close();
    }

    private static void reply(ChannelHandlerContext ctx, byte op, int id, int size, Consumer<ByteBuf> payload) {
        ctx.write(RawProtocol.frame(ctx.alloc(), op, id, size, payload), ctx.voidPromise());
    }

    private void startPump(ChannelHandlerContext ctx, int id, Payloads.Item kind, boolean batched) {
        pump = new Pump(ctx, id, kind, ONE_BUFFER || batched);
        pump.schedule();
    }

    /**
     * Writes stream items while the channel is writable, 128 at a time with one flush: each item a buffer of its
     * own (Netty's usual shape), or, when the request asks or with {@code -Dbench.raw.batchItems=true}, all of
     * them encoded into one buffer (at most 64 KiB), until stopped.
     */
    private final class Pump implements Runnable {
        private static final int BATCH = 128;
        private static final int BATCH_BYTES = 64 * 1024;

        private final ChannelHandlerContext ctx;
        private final int id;
        private final Payloads.Item kind;
        private final boolean oneBuffer;
        private boolean scheduled;
        private boolean stopped;
        private int next;

        Pump(ChannelHandlerContext ctx, int id, Payloads.Item kind, boolean oneBuffer) {
            this.ctx = ctx;
            this.id = id;
            this.kind = kind;
            this.oneBuffer = oneBuffer;
        }

        void schedule() {
            if (!scheduled) {
                scheduled = true;
                ctx.executor().execute(this);
            }
        }

        void stop() {
            stopped = true;
            schedule();
        }

        @Override
        public void run() {
            scheduled = false;
            if (stopped) {
                reply(ctx, RawProtocol.END, id, 0, out -> { });
                ctx.flush();
                pump = null;
                return;
            }
            if (oneBuffer && ctx.channel().isWritable()) {
                ByteBuf out = ctx.alloc().ioBuffer(BATCH_BYTES);
                for (int i = 0; i < BATCH && out.readableBytes() < BATCH_BYTES; i++) {
                    appendItem(out);
                }
                ctx.write(out, ctx.voidPromise());
            } else {
                for (int i = 0; i < BATCH && ctx.channel().isWritable(); i++) {
                    ByteBuf out = ctx.alloc().ioBuffer(kind == Payloads.Item.BLOB ? Payloads.BLOB_BYTES + 16 : 1100);
                    appendItem(out);
                    ctx.write(out, ctx.voidPromise());
                }
            }
            ctx.flush();
            if (ctx.channel().isWritable()) {
                schedule();
            }
        }

        private void appendItem(ByteBuf out) {
            switch (kind) {
                case INT -> {
                    int x = next++;
                    RawProtocol.appendFrame(out, RawProtocol.ITEM, id, b -> RawCodec.writeInt(b, x));
                }
                case REC -> RawProtocol.appendFrame(out, RawProtocol.ITEM, id, b -> RawCodec.writeRec(b, Payloads.record()));
                case BLOB -> RawProtocol.appendFrame(out, RawProtocol.ITEM, id, b -> RawCodec.writeBytes(b, Payloads.blob()));
            }
        }
    }
}
