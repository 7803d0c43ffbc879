package dev.tractor.wire;

import dev.tractor.ActorUid;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * First handshake message: {@code {"hello": {"uid": [name, uuid], "proto": 1, "nonce": <bin>}}}.
 *
 * @param uid   the sender's identity
 * @param proto the sender's protocol version
 * @param nonce random bytes the peer must authenticate
 */
public record Hello(ActorUid uid, int proto, byte[] nonce) implements Msg {

    public Hello {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(nonce, "nonce");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hello h && uid.equals(h.uid) && proto == h.proto && Arrays.equals(nonce, h.nonce);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid, proto, Arrays.hashCode(nonce));
    }

    @Override
    public String toString() {
        return "Hello[uid=" + uid + ", proto=" + proto + ", nonce=" + HexFormat.of().formatHex(nonce) + "]";
    }
}
