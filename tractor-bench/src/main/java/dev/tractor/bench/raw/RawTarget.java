package dev.tractor.bench.raw;

import dev.tractor.Transport;
import dev.tractor.bench.BenchJvm;
import dev.tractor.bench.Payloads;
import dev.tractor.bench.Rec;
import dev.tractor.bench.Target;
import dev.tractor.bench.Throughput;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The workloads' operations over the raw Netty baseline: this process listens, starts {@link RawChildMain} in a
 * child JVM with the same options as Tractor's child, and talks {@link RawProtocol} over the one connection the
 * child makes. Calls are written with one {@code writeAndFlush} each from the calling thread, and wait on a
 * future completed by the event loop.
 */
public final class RawTarget implements Target {

    private static final long WAIT_SECONDS = 30;

    private final EventLoopGroup group;
    private final Channel server;
    private final Channel channel;
    private final RawClientHandler handler;
    private final Process process;
    private final Path socketDir;
    private final AtomicInteger ids = new AtomicInteger();

    private RawTarget(EventLoopGroup group, Channel server, Channel channel, RawClientHandler handler, Process process,
                      Path socketDir) {
        this.group = group;
        this.server = server;
        this.channel = channel;
        this.handler = handler;
        this.process = process;
        this.socketDir = socketDir;
    }

    /** Listens on {@code transport}, starts the raw child and waits for its connection. */
    public static RawTarget start(Transport transport) {
        EventLoopGroup group = RawNetty.group("raw-io");
        RawClientHandler handler = new RawClientHandler();
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        Process process = null;
        Path socketDir = null;
        try {
            List<String> args;
            Channel server;
            var bootstrap = RawNetty.server(group, transport).childHandler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast("frames", new RawClientFrames(handler));
                    ch.pipeline().addLast("client", handler);
                    accepted.complete(ch);
                }
            });
            if (transport == Transport.UDS) {
                socketDir = Files.createTempDirectory("tractor-bench-raw");
                Path socket = socketDir.resolve("raw.sock");
                server = bootstrap.bind(new DomainSocketAddress(socket.toFile())).sync().channel();
                args = List.of("uds", socket.toString());
            } else {
                server = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
                args = List.of("tcp", "127.0.0.1", Integer.toString(((InetSocketAddress) server.localAddress()).getPort()));
            }
            process = new ProcessBuilder(BenchJvm.command(RawChildMain.class.getName(), args))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Channel channel = accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return new RawTarget(group, server, channel, handler, process, socketDir);
        } catch (Exception e) {
            stopProcess(process);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            deleteSocketDir(socketDir);
            throw new IllegalStateException("cannot start the raw baseline over " + transport + ": " + e, e);
        }
    }

    /** The msgpack bytes the raw baseline sends for {@code value} (an Integer, a {@link Rec} or a byte array). */
    public static byte[] payloadBytes(Object value) {
        ByteBuf out = io.netty.buffer.Unpooled.buffer();
        try {
            switch (value) {
                case Integer i -> RawCodec.writeInt(out, i);
                case Rec r -> RawCodec.writeRec(out, r);
                case byte[] b -> RawCodec.writeBytes(out, b);
                default -> throw new IllegalArgumentException("no raw encoding for " + value.getClass());
            }
            return io.netty.buffer.ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public long childPid() {
        return process.pid();
    }

    @Override
    public int inc(int x) {
        return call(RawProtocol.INC, 8, out -> RawCodec.writeInt(out, x), RawCodec::readInt);
    }

    @Override
    public Rec rec(Rec r) {
        return call(RawProtocol.REC, 1100, out -> RawCodec.writeRec(out, r), RawCodec::readRec);
    }

    @Override
    public byte[] bytes(byte[] b) {
        return call(RawProtocol.BYTES, b.length + 8, out -> RawCodec.writeBytes(out, b), RawCodec::readBytes);
    }

    private <T> T call(byte op, int size, Consumer<ByteBuf> payload, Function<ByteBuf, T> decode) {
        int id = ids.incrementAndGet();
        CompletableFuture<ByteBuf> reply = new CompletableFuture<>();
        handler.pending.put(id, reply);
        channel.writeAndFlush(RawProtocol.frame(channel.alloc(), op, id, size, payload), channel.voidPromise());
        ByteBuf frame = await(reply, id);
        try {
            return decode.apply(frame);
        } finally {
            frame.release();
        }
    }

    private ByteBuf await(CompletableFuture<ByteBuf> reply, int id) {
        try {
            return reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            handler.pending.remove(id);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the raw child", e);
        } catch (ExecutionException | TimeoutException e) {
            handler.pending.remove(id);
            throw new IllegalStateException("raw call failed: " + e, e);
        }
    }

    @Override
    public Throughput stream(Payloads.Item kind, Duration measure) {
        return stream(kind, false, measure);
    }

    @Override
    public Throughput streamBatched(Payloads.Item kind, Duration measure) {
        return stream(kind, true, measure);
    }

    private Throughput stream(Payloads.Item kind, boolean batched, Duration measure) {
        RawClientHandler.StreamCounter counter = new RawClientHandler.StreamCounter(kind);
        handler.stream = counter;
        int id = ids.incrementAndGet();
        channel.writeAndFlush(RawProtocol.frame(channel.alloc(), RawProtocol.STREAM, id, 8,
                out -> RawCodec.writeInt(out, kind.ordinal() | (batched ? RawProtocol.BATCHED : 0))), channel.voidPromise());
        awaitLatch(counter.first, "the first stream item");
        long c0 = counter.count;
        long t0 = System.nanoTime();
        sleep(measure);
        long c1 = counter.count;
        long t1 = System.nanoTime();
        channel.writeAndFlush(RawProtocol.frame(channel.alloc(), RawProtocol.STOP, id, 0, out -> { }),
                channel.voidPromise());
        awaitLatch(counter.ended, "the end of the stream");
        return new Throughput(c1 - c0, t1 - t0);
    }

    @Override
    public Throughput echo(int inFlight, Duration measure) {
        RawClientHandler.EchoPump pump = new RawClientHandler.EchoPump(inFlight);
        handler.echo = pump;
        int id = ids.incrementAndGet();
        channel.eventLoop().execute(() -> pump.start(channel.pipeline().context("client"), id));
        awaitLatch(pump.first, "the first echo");
        long c0 = pump.count;
        long t0 = System.nanoTime();
        sleep(measure);
        long c1 = pump.count;
        long t1 = System.nanoTime();
        pump.running = false;
        awaitLatch(pump.drained, "the last echo");
        return new Throughput(c1 - c0, t1 - t0);
    }

    @Override
    public IdleSession openIdle() {
        int session = ids.incrementAndGet();
        call(RawProtocol.OPEN, 8, out -> RawCodec.writeInt(out, session), RawCodec::readInt);
        return () -> call(RawProtocol.CLOSE, 8, out -> RawCodec.writeInt(out, session), RawCodec::readInt);
    }

    @Override
    public long calleeHeapUsed() {
        return call(RawProtocol.HEAP, 0, out -> { }, RawCodec::readLong);
    }

    @Override
    public int calleeOpenSessions() {
        return call(RawProtocol.SESSIONS, 0, out -> { }, RawCodec::readInt);
    }

    /** Closes the connection (the child then exits), then stops the child process by its PID if it lingers. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                stopProcess(process);
            }
        } catch (InterruptedException e) {
            stopProcess(process);
            Thread.currentThread().interrupt();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            deleteSocketDir(socketDir);
        }
    }

    private static void stopProcess(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteSocketDir(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("raw.sock"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch, String what) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw child: no " + what + " within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
