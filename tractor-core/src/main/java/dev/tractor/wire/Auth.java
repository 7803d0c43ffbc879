package dev.tractor.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Second handshake message: {@code {"auth": <bin>}}, the HMAC proving knowledge of the tree's cookie. The dialer
 * sends its proof first; the listener sends its own only after verifying the dialer's.
 *
 * @param mac HMAC-SHA256(cookie, transcript): the transcript binds the protocol label and version, the sender's
 *            role, both nonces, both uids and the address the dialer reached, each length-prefixed (README, "Wire
 *            protocol and security")
 */
public record Auth(byte[] mac) implements Msg {

    public Auth {
        Objects.requireNonNull(mac, "mac");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Auth a && Arrays.equals(mac, a.mac);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mac);
    }

    @Override
    public String toString() {
        return "Auth[mac=" + HexFormat.of().formatHex(mac) + "]";
    }
}
