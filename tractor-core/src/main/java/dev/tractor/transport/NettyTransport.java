package dev.tractor.transport;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorConfig;
import dev.tractor.RuntimeCensus;
import dev.tractor.TractorException;
import dev.tractor.Transport;
import dev.tractor.wire.WirePipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor's Netty machinery: an event loop group (native epoll where available, else NIO), its
 * listener, and outbound connections. Every channel gets TLS (when configured, first in the pipeline, so the cookie
 * handshake runs inside it), the frame codec and a {@link HandshakeHandler};
 * authenticated channels are handed to the {@link ConnectionListener}. Accepted connections that have not finished
 * the handshake are bounded per listener ({@link PendingHandshakes}). Event loop threads are daemons.
 */
public final class NettyTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    private final ActorUid self;
    private final String cookie;
    private final int maxFrameBytes;
    private final int streamWindow;
    /** Rate-limits the log lines of refused handshakes, so that a stranger cannot flood the log. */
    private final Complaints refusals = new Complaints(20, java.time.Duration.ofSeconds(10));
    private final ConnectionListener listener;
    private final boolean epoll;
    private final EventLoopGroup group;
    private final List<Channel> servers = new CopyOnWriteArrayList<>();
    private final List<Path> socketFiles = new CopyOnWriteArrayList<>();
    private final TlsContexts tls;
    private volatile Set<Address> advertised = Set.of();

    /**
     * Takes from {@code config} the frame limit, the stream window to announce and TLS (none: plain connections).
     *
     * @throws TractorException if the TLS material cannot be read
     */
    public NettyTransport(ActorUid self, String cookie, TractorConfig config, ConnectionListener listener) {
        this.tls = config.tls() == null ? null : TlsContexts.of(config.tls());
        this.self = self;
        this.cookie = cookie;
        this.maxFrameBytes = config.maxFrameBytes();
        this.streamWindow = config.streamWindow();
        this.listener = listener;
        this.epoll = useNativeTransport(config.transport());
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("tractor-io-" + self.name(), true), io);
        RuntimeCensus.opened(RuntimeCensus.Kind.EVENT_LOOP_GROUPS);
        group.terminationFuture().addListener(f -> RuntimeCensus.closed(RuntimeCensus.Kind.EVENT_LOOP_GROUPS));
    }

    /** Binds the listener on {@code host}, port 0 for any free port; returns the bound address. */
    public Address listen(String host, int port) {
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap().group(group).channel(type)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer(null, new PendingHandshakes(self)));
        Channel server = bind(b, new InetSocketAddress(host, port), host + ":" + port);
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        return Address.tcp(bound.getAddress().getHostAddress(), bound.getPort());
    }

    /**
     * This actor is also reached at {@code address} (advertised, not bound: NAT, a port forward, a proxy): a dialer
     * that reached it there passes the handshake's address check. A host name counts with each address it resolves to.
     */
    public void advertise(Address address) {
        Set<Address> all = new java.util.HashSet<>(advertised);
        all.add(address);
        try {
            for (java.net.InetAddress ip : java.net.InetAddress.getAllByName(address.host())) {
                all.add(Address.tcp(ip.getHostAddress(), address.port()));
            }
        } catch (java.net.UnknownHostException e) {
            // kept by name only: dialers that resolve it will not match until it resolves here too
        }
        advertised = Set.copyOf(all);
    }

    /** Whether Unix domain sockets can be used here (they need the native epoll transport). */
    public boolean supportsUnixSockets() {
        return epoll;
    }

    /**
     * Listens on a Unix domain socket at {@code socket} (its directory is created owner-only); the file
     * is removed when this transport closes.
     */
    public Address listenUnix(Path socket) {
        if (!epoll) {
            throw new TractorException("Unix domain sockets need Netty's native epoll transport, which is not"
                    + " available here: " + Epoll.unavailabilityCause());
        }
        try {
            UnixSockets.prepareDirectory(socket.getParent());
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new TractorException("cannot prepare " + socket + ": " + e.getMessage(), e);
        }
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childHandler(initializer(null, new PendingHandshakes(self)));
        bind(b, new DomainSocketAddress(socket.toFile()), socket.toString());
        socketFiles.add(socket);
        return new Address("uds", socket.toString(), 0);
    }

    private Channel bind(ServerBootstrap b, SocketAddress where, String describe) {
        try {
            Channel server = b.bind(where).sync().channel();
            servers.add(server);
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while binding " + describe, e);
        } catch (Exception e) {
            throw new TractorException("cannot listen on " + describe + ": " + e, e);
        }
    }

    /** Dials {@code address}; the returned channel's {@link ChannelAttributes#HANDSHAKE} tells when it is usable. */
    public Connection connect(Address address) {
        return connect(address, self);
    }

    /**
     * Dials {@code address} introducing this side as {@code as}: an actor dialing its own listener does so under
     * an alias with a fresh uuid, since a listener refuses a {@code hello} that carries its own uuid.
     */
    public Connection connect(Address address, ActorUid as) {
        boolean unix = "uds".equals(address.transport());
        if (!unix && !"tcp".equals(address.transport())) {
            throw new TractorException("transport " + address.transport() + " is not supported for " + address);
        }
        if (unix && !epoll) {
            throw new TractorException("cannot reach " + address + ": Unix domain sockets need native epoll");
        }
        Bootstrap b = new Bootstrap().group(group).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(initializer(as, null));
        SocketAddress target;
        if (unix) {
            b.channel(EpollDomainSocketChannel.class);
            target = new DomainSocketAddress(address.host());
        } else {
            b.channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
            target = new InetSocketAddress(address.host(), address.port());
        }
        try {
            return Connection.of(b.connect(target).sync().channel());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while connecting to " + address, e);
        } catch (Exception e) {
            throw new TractorException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param dialingAs the identity this side dials as, or null for accepted connections
     * @param pending   the bound on the unfinished handshakes of the listener accepting these connections (one per
     *                  listener), or null for dialed ones
     */
    private ChannelInitializer<Channel> initializer(ActorUid dialingAs, PendingHandshakes pending) {
        boolean dialer = dialingAs != null;
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                CompletableFuture<ActorUid> handshake = new CompletableFuture<>();
                ch.attr(ChannelAttributes.HANDSHAKE).set(handshake);
                ch.closeFuture().addListener(f -> handshake.completeExceptionally(new TractorException("the connection "
                        + (dialer ? "to " : "from ") + ch.remoteAddress() + " closed during the handshake (the peer"
                        + " hung up: it may require TLS, or have refused this actor; its log says why)")));
                if (!dialer) {
                    pending.admit(ch, handshake);
                }
                if (tls != null) {
                    ch.pipeline().addLast("tls", tls.handler(ch, dialer, HandshakeHandler.TIMEOUT_MS));
                }
                ch.pipeline().addLast("flush", new FlushConsolidationHandler(256, false));
                WirePipeline.addHandshakingCodec(ch.pipeline(), maxFrameBytes);
                ch.pipeline().addLast("handshake", new HandshakeHandler(dialer ? dialingAs : self, cookie, dialer, streamWindow,
                        refusals, listener, () -> advertised));
            }
        };
    }

    /**
     * Runs the connection path once on loopback with a throwaway identity and cookie — listen, dial, handshake
     * version 2 both ways, close — so that a JVM's first real connection finds its classes loaded and its secure
     * random seeded. For a pooled child before it is claimed; bounded by {@code timeout}.
     */
    public static void warmUp(java.time.Duration timeout) throws Exception {
        String cookie = HandshakeCrypto.randomCookie();
        TractorConfig config = TractorConfig.builder().name("warm-up").cookie(cookie).build();
        try (NettyTransport server = new NettyTransport(ActorUid.random("warm-up"), cookie, config, (c, peer) -> { });
             NettyTransport client = new NettyTransport(ActorUid.random("warm-up"), cookie, config, (c, peer) -> { })) {
            Address at = server.listen("127.0.0.1", 0);
            Connection connection = client.connect(at);
            connection.handshake().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            connection.close();
        }
    }

    /**
     * Whether to use Netty's native epoll transport: where it is available, and where loading its library prints no
     * warning — before JDK 24, or with native access enabled ({@code --enable-native-access=ALL-UNNAMED}, as child
     * JVMs are started) — or where it is needed anyway, for Unix domain sockets. Otherwise NIO, which is a little
     * slower, and silent.
     */
    static boolean useNativeTransport(Transport transport) {
        return (transport == Transport.UDS || nativeAccessEnabled()) && Epoll.isAvailable();
    }

    private static boolean nativeAccessEnabled() {
        if (Runtime.version().feature() < 24) {
            return true;
        }
        try {
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(NettyTransport.class.getModule());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** Whether the native epoll transport is in use. */
    public boolean nativeTransport() {
        return epoll;
    }

    /** Closes the listener and every channel, and stops the event loops (bounded wait). */
    @Override
    public void close() {
        for (Channel server : servers) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        socketFiles.forEach(UnixSockets::remove);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.debug("{} transport closed", self);
    }
}
