package dev.tractor.transport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The handshake's cryptography: nonces, cookies and {@code HMAC-SHA256(cookie, peerNonce ‖ uuid)}. */
public final class HandshakeCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();

    private HandshakeCrypto() {
    }

    /** 16 random bytes. */
    public static byte[] nonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** A random cookie for a new tree. */
    public static String randomCookie() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The proof that the owner of {@code uuid} knows {@code cookie}, bound to the verifier's nonce. */
    public static byte[] mac(String cookie, byte[] verifierNonce, String uuid) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cookie.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(verifierNonce);
            mac.update(uuid.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return actual != null && MessageDigest.isEqual(expected, actual);
    }
}
