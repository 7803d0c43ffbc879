package dev.tractor.bench.raw;

import dev.tractor.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The raw baseline's child process: connects back to the benchmark ({@code tcp <host> <port>} or
 * {@code uds <path>}) and serves the raw protocol until the connection closes. It also exits when its parent
 * process exits or its standard input ends, so it never outlives the benchmark.
 */
public final class RawChildMain {

    private RawChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Transport transport = Transport.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        SocketAddress target = transport == Transport.UDS
                ? new DomainSocketAddress(args[1])
                : new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        EventLoopGroup group = RawNetty.group("raw-child-io");
        Channel channel = RawNetty.client(group, transport).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                RawProtocol.addFraming(ch.pipeline());
                ch.pipeline().addLast("server", new RawServerHandler());
            }
        }).connect(target).sync().channel();
        exitWithParent();
        channel.closeFuture().await();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(1)));
        Thread.ofPlatform().daemon().name("raw-child-stdin").start(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // the parent never writes; only the end of input matters
                }
            } catch (IOException ignored) {
                // treated like the end of input
            }
            System.exit(1);
        });
    }
}
