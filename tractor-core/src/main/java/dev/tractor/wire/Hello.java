package dev.tractor.wire;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * First handshake message: {@code {"hello": {"uid": [name, uuid], "proto": 2, "nonce": <bin>, "to": [transport,
 * host, port], "window": n}}}. The dialer's hello names the address it connected to ({@code to}), so a proof it makes
 * cannot be relayed to another listener; the listener's hello has none. {@code window} is how many stream items the
 * sender accepts on a stream before granting credit: the other side's senders use it, and the sender enforces it.
 * 
 *
 * @param uid   the sender's identity
 * @param proto the sender's protocol version
 * @param nonce random bytes the peer's proof must cover
 * @param to     the address the dialer connected to, or null in a listener's hello
 * @param window the sender's stream window, or 0 if it did not announce one ({@link #DEFAULT_WINDOW} applies)
 */
public record Hello(ActorUid uid, int proto, byte[] nonce, Address to, int window) implements Msg {

    /** The stream window of a peer that announces none. */
    public static final int DEFAULT_WINDOW = 256;
    /** The largest window a hello may announce. */
    public static final int MAX_WINDOW = 1 << 20;

    public Hello {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(nonce, "nonce");
    }

    /** A hello announcing no window. */
    public Hello(ActorUid uid, int proto, byte[] nonce, Address to) {
        this(uid, proto, nonce, to, 0);
    }

    /** The window the sender accepts: the one it announced, or {@link #DEFAULT_WINDOW}. */
    public int windowOrDefault() {
        return window > 0 ? window : DEFAULT_WINDOW;
    }

    /** A hello without a {@code to} address (a listener's). */
    public Hello(ActorUid uid, int proto, byte[] nonce) {
        this(uid, proto, nonce, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hello h && uid.equals(h.uid) && proto == h.proto && Arrays.equals(nonce, h.nonce)
                && Objects.equals(to, h.to) && window == h.window;
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid, proto, Arrays.hashCode(nonce), to, window);
    }

    @Override
    public String toString() {
        return "Hello[uid=" + uid + ", proto=" + proto + ", nonce=" + HexFormat.of().formatHex(nonce)
                + (to == null ? "" : ", to=" + to) + (window == 0 ? "" : ", window=" + window) + "]";
    }
}
