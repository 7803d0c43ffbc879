package dev.tractor.bench.raw;

import dev.tractor.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Netty set-up of the raw baseline, the same choices as Tractor's transport: epoll where available, TCP_NODELAY. */
final class RawNetty {

    private RawNetty() {
    }

    static EventLoopGroup group(String name) {
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory(name, true), io);
    }

    static ServerBootstrap server(EventLoopGroup group, Transport transport) {
        ServerBootstrap b = new ServerBootstrap().group(group);
        if (transport == Transport.UDS) {
            requireEpoll();
            return b.channel(EpollServerDomainSocketChannel.class);
        }
        return b.channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    static Bootstrap client(EventLoopGroup group, Transport transport) {
        Bootstrap b = new Bootstrap().group(group).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        if (transport == Transport.UDS) {
            requireEpoll();
            return b.channel(EpollDomainSocketChannel.class);
        }
        return b.channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    private static void requireEpoll() {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Unix domain sockets need Netty's native epoll: " + Epoll.unavailabilityCause());
        }
    }
}
