package dev.tractor.wire;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * First handshake message: {@code {"hello": {"uid": [name, uuid], "proto": 2, "nonce": <bin>, "to": [transport,
 * host, port]}}}. The dialer's hello names the address it connected to ({@code to}), so a proof it makes cannot be
 * relayed to another listener; the listener's hello has none.
 *
 * @param uid   the sender's identity
 * @param proto the sender's protocol version
 * @param nonce random bytes the peer's proof must cover
 * @param to    the address the dialer connected to, or null in a listener's hello
 */
public record Hello(ActorUid uid, int proto, byte[] nonce, Address to) implements Msg {

    public Hello {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(nonce, "nonce");
    }

    /** A hello without a {@code to} address (a listener's). */
    public Hello(ActorUid uid, int proto, byte[] nonce) {
        this(uid, proto, nonce, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hello h && uid.equals(h.uid) && proto == h.proto && Arrays.equals(nonce, h.nonce)
                && Objects.equals(to, h.to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid, proto, Arrays.hashCode(nonce), to);
    }

    @Override
    public String toString() {
        return "Hello[uid=" + uid + ", proto=" + proto + ", nonce=" + HexFormat.of().formatHex(nonce)
                + (to == null ? "" : ", to=" + to) + "]";
    }
}
