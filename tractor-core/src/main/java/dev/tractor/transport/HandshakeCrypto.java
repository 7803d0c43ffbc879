package dev.tractor.transport;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of handshake version 2: nonces, cookies, and the proofs
 * {@code HMAC-SHA256(cookie, transcript(role))}. The transcript binds a protocol label and version, the role of the
 * prover, both nonces, both uids and the address the dialer connected to, each field length-prefixed, so a proof
 * made for one connection, one direction or one listener is valid for no other. Thread-safe.
 */
public final class HandshakeCrypto {

    /** The length of a handshake nonce, in bytes. */
    public static final int NONCE_BYTES = 32;
    /** The role of the side that connected. */
    public static final String DIALER = "dialer";
    /** The role of the side that accepted the connection. */
    public static final String LISTENER = "listener";

    private static final String LABEL = "tractor-handshake";
    private static final String VERSION = "2";
    private static final SecureRandom RANDOM = new SecureRandom();

    private HandshakeCrypto() {
    }

    /** {@value #NONCE_BYTES} random bytes from {@link SecureRandom}. */
    public static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** A random cookie: 32 random bytes, base64url. */
    public static String randomCookie() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The transcript one side proves: {@code F(label) ‖ F(version) ‖ F(role) ‖ F(dialerNonce) ‖ F(listenerNonce) ‖
     * F(dialer name) ‖ F(dialer uuid) ‖ F(listener name) ‖ F(listener uuid) ‖ F(to transport) ‖ F(to host) ‖
     * F(to port)}, where {@code F(b)} is b's length as 4 big-endian bytes followed by b, strings in UTF-8.
     */
    public static byte[] transcript(String role, byte[] dialerNonce, byte[] listenerNonce, ActorUid dialer,
                                    ActorUid listener, Address to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, LABEL);
        field(out, VERSION);
        field(out, role);
        field(out, dialerNonce);
        field(out, listenerNonce);
        field(out, dialer.name());
        field(out, dialer.uuid());
        field(out, listener.name());
        field(out, listener.uuid());
        field(out, to.transport());
        field(out, to.host());
        field(out, Integer.toString(to.port()));
        return out.toByteArray();
    }

    /** {@code HMAC-SHA256(cookie, transcript)}. */
    public static byte[] proof(String cookie, byte[] transcript) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cookie.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(transcript);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return actual != null && MessageDigest.isEqual(expected, actual);
    }

    private static void field(ByteArrayOutputStream out, String s) {
        field(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(ByteArrayOutputStream out, byte[] b) {
        int n = b.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.write(b, 0, n);
    }
}
