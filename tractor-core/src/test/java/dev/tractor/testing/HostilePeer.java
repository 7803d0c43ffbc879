package dev.tractor.testing;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.transport.HandshakeCrypto;
import dev.tractor.wire.Auth;
import dev.tractor.wire.Cmd;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Frames;
import dev.tractor.wire.Hello;
import dev.tractor.wire.Msg;
import dev.tractor.wire.MsgCodec;
import dev.tractor.wire.Return;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A hand-driven connection to (or from) an actor, over TCP or a Unix socket, that writes whatever frames a test
 * chooses with the project's own wire codec and records every frame it receives. A reader thread decodes incoming
 * frames into a queue, so every read waits at most the time a test gives it; {@link #received()} keeps them all.
 */
public final class HostilePeer implements AutoCloseable {

    /** How long a read waits unless a test says otherwise. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    private static final Object CLOSED = new Object();

    private final SocketChannel channel;
    private final Address reached;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final List<Msg> received = new CopyOnWriteArrayList<>();
    private final List<Integer> frameSizes = new CopyOnWriteArrayList<>();
    private final List<Msg> sent = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private ActorUid uid = ActorUid.random("hostile");
    private final byte[] nonce = HandshakeCrypto.nonce();
    private int calls;

    private HostilePeer(SocketChannel channel, Address reached) {
        this.channel = channel;
        this.reached = reached;
        Thread.ofVirtual().name("hostile-peer-reader").start(this::readLoop);
    }

    /** Connects to {@code address} (tcp or uds). */
    public static HostilePeer dial(Address address) throws IOException {
        if ("uds".equals(address.transport())) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(address.host()));
            return new HostilePeer(ch, new Address("uds", address.host(), 0));
        }
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(address.host(), address.port()));
        InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
        return new HostilePeer(ch, Address.tcp(remote.getAddress().getHostAddress(), remote.getPort()));
    }

    /** This connection's identity in the hellos it sends by default. */
    public ActorUid uid() {
        return uid;
    }

    /** Claims another identity in later hellos and calls. */
    public HostilePeer as(ActorUid claimed) {
        this.uid = claimed;
        return this;
    }

    /** The nonce of this connection's own hellos. */
    public byte[] nonce() {
        return nonce.clone();
    }

    /** The address this connection reached (as a dialer's hello names it), or, if accepted, the listener's. */
    public Address reached() {
        return reached;
    }

    /** This end's own socket address (for a dialed TCP connection, the port the actor's log lines name). */
    public java.net.SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /** A dialer's hello of protocol version 2 with this connection's uid, nonce and reached address. */
    public Hello dialerHello() {
        return new Hello(uid, 2, nonce, reached);
    }

    /** Writes {@code msgs} as consecutive frames in a single write. */
    public void send(Msg... msgs) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        for (Msg m : msgs) {
            Frames.write(m, buf);
            sent.add(m);
        }
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        sendRaw(bytes);
    }

    /** Writes one frame with {@code body} as its content. */
    public void sendFrame(byte[] body) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
        write(b);
    }

    /** Writes {@code bytes} as they are. */
    public void sendRaw(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    private void write(ByteBuffer b) throws IOException {
        synchronized (channel) {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    /** The next message within {@code wait}; fails if none came or the connection closed first. */
    public Msg next(Duration wait) {
        Object o;
        try {
            o = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (o == null) {
            throw new AssertionError("no message within " + wait + "; received so far: " + received);
        }
        if (o == CLOSED) {
            inbox.add(CLOSED);
            throw new AssertionError("connection closed; received: " + received);
        }
        return (Msg) o;
    }

    /** The next message, which must be a {@code type}. */
    public <T extends Msg> T expect(Class<T> type) {
        Msg m = next(WAIT);
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + m);
        }
        return type.cast(m);
    }

    /** Reads until the actor's refusal (an error outside any call) arrives; fails if none comes. */
    public ErrorMsg refusal() {
        while (true) {
            Msg m = next(WAIT);
            if (m instanceof ErrorMsg e && e.cid() == null) {
                return e;
            }
        }
    }

    /** Reads (and keeps) messages until the actor closes the connection; true if it did within {@code wait}. */
    public boolean closedWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Object o;
            try {
                o = inbox.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (o == CLOSED) {
                inbox.add(CLOSED);
                return true;
            }
        }
    }

    /** Every message received so far, in order. */
    public List<Msg> received() {
        return List.copyOf(received);
    }

    /** Every message this connection sent with {@link #send}, in order. */
    public List<Msg> sent() {
        return List.copyOf(sent);
    }

    /** The body length of every frame received so far, in order. */
    public List<Integer> frameSizes() {
        return List.copyOf(frameSizes);
    }

    /** The body length of the frame that carried {@code m}, one of the messages received. */
    public int frameSizeOf(Msg m) {
        List<Msg> all = received();
        List<Integer> sizes = frameSizes();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == m) {
                return sizes.get(i);
            }
        }
        throw new IllegalArgumentException("not received here: " + m);
    }

    /** Whether the actor has closed the connection. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Completes handshake version 2 as the dialer with {@code cookie}, verifying the listener's proof; returns
     * the listener's hello.
     */
    public Hello handshake(String cookie) throws IOException {
        Hello theirs = expect(Hello.class);
        send(dialerHello());
        byte[] transcript = HandshakeCrypto.transcript(HandshakeCrypto.DIALER, nonce, theirs.nonce(), uid,
                theirs.uid(), reached);
        send(new Auth(HandshakeCrypto.proof(cookie, transcript)));
        Auth auth = expect(Auth.class);
        byte[] expected = HandshakeCrypto.proof(cookie, HandshakeCrypto.transcript(HandshakeCrypto.LISTENER, nonce,
                theirs.nonce(), uid, theirs.uid(), reached));
        if (!HandshakeCrypto.matches(expected, auth.mac())) {
            throw new AssertionError("the listener's proof does not verify");
        }
        return theirs;
    }

    /**
     * Completes handshake version 2 as the listener of an accepted connection, as {@code self} with
     * {@code cookie}; returns the dialer's hello.
     */
    public Hello acceptHandshake(ActorUid self, String cookie) throws IOException {
        this.uid = self;
        send(new Hello(self, 2, nonce));
        Hello theirs = expect(Hello.class);
        Auth auth = expect(Auth.class);
        byte[] expected = HandshakeCrypto.proof(cookie, HandshakeCrypto.transcript(HandshakeCrypto.DIALER,
                theirs.nonce(), nonce, theirs.uid(), self, theirs.to()));
        if (!HandshakeCrypto.matches(expected, auth.mac())) {
            throw new AssertionError("the dialer's proof does not verify");
        }
        send(new Auth(HandshakeCrypto.proof(cookie, HandshakeCrypto.transcript(HandshakeCrypto.LISTENER,
                theirs.nonce(), nonce, theirs.uid(), self, theirs.to()))));
        return theirs;
    }

    /** A new cmd from this connection's uid with a fresh call id. */
    public Cmd cmd(String ns, String fn, Map<String, ?> kwargs) {
        return new Cmd(ns, fn, new java.util.HashMap<>(kwargs), uid, "hostile-" + (++calls) + "-" + UUID.randomUUID());
    }

    /** Sends a call on an authenticated connection and returns its answer: a {@link Return} or an {@link ErrorMsg}. */
    public Msg call(String ns, String fn, Map<String, ?> kwargs) throws IOException {
        Cmd cmd = cmd(ns, fn, kwargs);
        send(cmd);
        while (true) {
            Msg m = next(WAIT);
            if (cmd.cid().equals(m.cid()) && (m instanceof Return || m instanceof ErrorMsg)) {
                return m;
            }
        }
    }

    /** As {@link #call}, requiring a {@link Return}; its value. */
    public Object callOk(String ns, String fn, Map<String, ?> kwargs) throws IOException {
        Msg m = call(ns, fn, kwargs);
        if (m instanceof Return r) {
            return r.value();
        }
        throw new AssertionError(ns + "." + fn + " failed: " + m);
    }

    /** As {@link #call}, requiring an {@link ErrorMsg}; it. */
    public ErrorMsg callRefused(String ns, String fn, Map<String, ?> kwargs) throws IOException {
        Msg m = call(ns, fn, kwargs);
        if (m instanceof ErrorMsg e) {
            return e;
        }
        throw new AssertionError(ns + "." + fn + " was expected to fail, but answered " + m);
    }

    private void readLoop() {
        try {
            DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
            while (true) {
                int length = in.readInt();
                byte[] body = new byte[length];
                in.readFully(body);
                Msg m = MsgCodec.decode(Unpooled.wrappedBuffer(body));
                frameSizes.add(length);
                received.add(m);
                inbox.add(m);
            }
        } catch (IOException | RuntimeException e) {
            closed = true;
            inbox.add(CLOSED);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A listening socket (loopback TCP or a Unix socket) whose connections are {@link HostilePeer}s. */
    public static final class Listener implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Address address;
        private final Path socketDir;
        private final List<HostilePeer> accepted = new ArrayList<>();

        private Listener(ServerSocketChannel server, Address address, Path socketDir) {
            this.server = server;
            this.address = address;
            this.socketDir = socketDir;
        }

        /** Listens on 127.0.0.1 (transport "tcp") or on a new Unix socket in a private directory ("uds"). */
        public static Listener open(String transport) throws IOException {
            if ("uds".equals(transport)) {
                Path dir = Files.createTempDirectory("hostile");
                Path path = dir.resolve("h.sock");
                ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                s.bind(UnixDomainSocketAddress.of(path));
                return new Listener(s, new Address("uds", path.toString(), 0), dir);
            }
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) s.getLocalAddress()).getPort();
            return new Listener(s, Address.tcp("127.0.0.1", port), null);
        }

        public Address address() {
            return address;
        }

        /** The next connection, within {@code wait}. */
        public HostilePeer accept(Duration wait) throws IOException {
            CompletableFuture<SocketChannel> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            try {
                HostilePeer peer = new HostilePeer(next.get(wait.toMillis(), TimeUnit.MILLISECONDS), address);
                accepted.add(peer);
                return peer;
            } catch (TimeoutException e) {
                server.close();
                throw new AssertionError("no connection within " + wait);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            for (HostilePeer p : accepted) {
                p.close();
            }
            server.close();
            if (socketDir != null) {
                Files.deleteIfExists(address.host() == null ? null : Path.of(address.host()));
                Files.deleteIfExists(socketDir);
            }
        }
    }
}
