package dev.tractor.testing;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.transport.HandshakeCrypto;
import dev.tractor.wire.Auth;
import dev.tractor.wire.CallIds;
import dev.tractor.wire.Cmd;
import dev.tractor.wire.Hello;
import dev.tractor.wire.Msg;
import dev.tractor.wire.MsgCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;

/** A hand-driven connection to an actor, for sending it well- and ill-formed frames. */
public final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final ActorUid uid = ActorUid.random("raw");
    private final byte[] nonce = HandshakeCrypto.nonce();

    public RawPeer(Address address) throws IOException {
        this(address, 0);
    }

    /**
     * A connection whose receive buffer is fixed at {@code receiveBufferBytes} (0: the system's, which grows to
     * tens of MiB on loopback), so that a test that stops reading sees the sender held back at once.
     */
    public RawPeer(Address address, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress(address.host(), address.port()), 5_000);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    public ActorUid uid() {
        return uid;
    }

    /** How the actor names this connection in its log lines: {@code 127.0.0.1:<local port>}. */
    public String peerName() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** The address this connection reached, as the dialer's hello names it. */
    public Address reached() {
        return Address.tcp(socket.getInetAddress().getHostAddress(), socket.getPort());
    }

    /** Completes the handshake (version 2, as the dialer) with {@code cookie}; returns the actor's hello. */
    public Hello handshake(String cookie) throws IOException {
        send(new Hello(uid, 2, nonce, reached()));
        Hello theirs = (Hello) read();
        byte[] transcript = HandshakeCrypto.transcript(HandshakeCrypto.DIALER, nonce, theirs.nonce(), uid,
                theirs.uid(), reached());
        send(new Auth(HandshakeCrypto.proof(cookie, transcript)));
        Msg auth = read();
        if (!(auth instanceof Auth)) {
            throw new IOException("expected auth, got " + auth);
        }
        return theirs;
    }

    /** A {@code cmd} from this peer with a fresh cid. */
    public Cmd cmd(String ns, String fn, Map<String, Object> kwargs) {
        return new Cmd(ns, fn, kwargs, uid, CallIds.next());
    }

    public void send(Msg msg) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        MsgCodec.encode(msg, buf);
        byte[] body = new byte[buf.readableBytes()];
        buf.readBytes(body);
        sendFrame(body);
    }

    public void sendFrame(byte[] body) throws IOException {
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message; throws EOFException when the actor closed the connection. */
    public Msg read() throws IOException {
        int length = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        return MsgCodec.decode(Unpooled.wrappedBuffer(body));
    }

    /** Reads (and drops) messages until the actor closes the connection; true if it did within the socket timeout. */
    public boolean closedByPeer() throws IOException {
        try {
            while (true) {
                read();
            }
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
