package dev.tractor;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for every connection of an actor: mutual TLS (TLS 1.3 or 1.2, the JDK's provider), where each side presents
 * its certificate and accepts only a peer whose certificate chains to the trusted certificates. Peers are
 * authenticated by that chain and then by the cookie handshake, which runs inside TLS; host names are not checked,
 * since a tree's actors share one certificate and dial each other by address. An actor with TLS refuses a peer
 * without it, and the reverse, with an {@link AuthenticationFailed} naming the peer.
 *
 * <p>Two forms: {@link #pem} reads PEM files (an unencrypted PKCS#8 private key, its certificate chain, and the
 * trusted certificates); child actors inherit it by the files' paths. {@link #of} takes the JDK's key and trust
 * manager factories (the Spring starter builds them from an SSL bundle, which its child actors resolve again
 * themselves); a child started by the core's own spawn backend cannot inherit that form. Immutable.
 */
public final class TlsConfig {

    private final Path certificateChain;
    private final Path privateKey;
    private final Path trustedCertificates;
    private final KeyManagerFactory keys;
    private final TrustManagerFactory trust;
    private final String description;

    private TlsConfig(Path certificateChain, Path privateKey, Path trustedCertificates, KeyManagerFactory keys,
                      TrustManagerFactory trust, String description) {
        this.certificateChain = certificateChain;
        this.privateKey = privateKey;
        this.trustedCertificates = trustedCertificates;
        this.keys = keys;
        this.trust = trust;
        this.description = description;
    }

    /**
     * TLS from PEM files; the files are read when the actor opens (and again by each child).
     *
     * @param certificateChain    this actor's certificate, then its issuers
     * @param privateKey          the certificate's private key, PKCS#8 ({@code BEGIN PRIVATE KEY}), not encrypted
     * @param trustedCertificates the certificates (usually one CA) a peer's chain must lead to
     */
    public static TlsConfig pem(Path certificateChain, Path privateKey, Path trustedCertificates) {
        Path chain = Objects.requireNonNull(certificateChain, "certificateChain").toAbsolutePath();
        Path key = Objects.requireNonNull(privateKey, "privateKey").toAbsolutePath();
        Path trusted = Objects.requireNonNull(trustedCertificates, "trustedCertificates").toAbsolutePath();
        return new TlsConfig(chain, key, trusted, null, null,
                "pem(certificateChain=" + chain + ", privateKey=" + key + ", trusted=" + trusted + ")");
    }

    /**
     * TLS from the JDK's factories, e.g. built from a key store.
     *
     * @param description what to call this material in messages and {@link #toString()} (say, a bundle's name)
     */
    public static TlsConfig of(KeyManagerFactory keys, TrustManagerFactory trust, String description) {
        return new TlsConfig(null, null, null, Objects.requireNonNull(keys, "keys"),
                Objects.requireNonNull(trust, "trust"), Objects.requireNonNull(description, "description"));
    }

    /** Whether a child started by the core's spawn backend can inherit this (the PEM form). */
    public boolean inheritable() {
        return certificateChain != null;
    }

    public Optional<Path> certificateChain() {
        return Optional.ofNullable(certificateChain);
    }

    public Optional<Path> privateKey() {
        return Optional.ofNullable(privateKey);
    }

    public Optional<Path> trustedCertificates() {
        return Optional.ofNullable(trustedCertificates);
    }

    public Optional<KeyManagerFactory> keyManagerFactory() {
        return Optional.ofNullable(keys);
    }

    public Optional<TrustManagerFactory> trustManagerFactory() {
        return Optional.ofNullable(trust);
    }

    /** Names the material (paths or the description), never its content. */
    @Override
    public String toString() {
        return "TlsConfig[" + description + "]";
    }
}
