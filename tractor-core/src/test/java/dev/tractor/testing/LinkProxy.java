package dev.tractor.testing;

import dev.tractor.Address;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network link between two hosts, played on loopback: a TCP forwarder from 127.0.0.1 (an ephemeral port) to
 * 127.0.0.1:{@code target}, which can be cut and restored. A cut link behaves like a pulled cable seen from both
 * ends: connections stay open (no FIN, no RST) and nothing gets through in either direction; what was sent waits, as
 * it would in TCP's retransmission, and goes on once the link is restored. Connections made while it is cut are
 * accepted (the kernel answers for the listener) but carry nothing until then.
 */
public final class LinkProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean cut;
    private volatile boolean closed;

    private LinkProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("link-accept-" + target).start(this::acceptLoop);
    }

    /** A link to 127.0.0.1:{@code targetPort}. */
    public static LinkProxy to(int targetPort) throws IOException {
        return new LinkProxy(targetPort);
    }

    /** Where to dial to go over this link. */
    public Address address() {
        return Address.tcp("127.0.0.1", listener.getLocalPort());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Nothing gets through from now on, in either direction, on existing and new connections. */
    public void cut() {
        cut = true;
    }

    /** Traffic flows again, what waited first. */
    public void restore() {
        synchronized (gate) {
            cut = false;
            gate.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        restore();
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket in = listener.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                sockets.add(in);
                sockets.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().name("link-pump-" + target).start(() -> {
            byte[] buf = new byte[64 * 1024];
            try (from) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    awaitOpen();
                    int n = in.read(buf);
                    awaitOpen();   // what was read as the link went down is held until it comes back
                    if (n < 0) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(to);
            }
        });
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (cut && !closed) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
