package dev.tractor.testing;

import dev.tractor.TlsConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test, and node certificates it signs, written as PEM files (PKCS#8 keys)
 * that {@link TlsConfig#pem} reads. Each {@code TestCertificates} is its own CA, so a node of one is untrusted by
 * another.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    /** A new CA whose files go under {@code dir}. */
    public TestCertificates(Path dir, String caName) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            caKeys = keyPair();
            X500Name name = new X500Name("CN=" + caName);
            JcaX509v3CertificateBuilder b = builder(name, name, caKeys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca = sign(b, caKeys);
            write(dir.resolve(caName + "-ca.crt"), ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    /** The CA's certificate file, to trust. */
    public Path caFile() {
        return dir.resolve(subjectOf(ca) + "-ca.crt");
    }

    /** A node certificate signed by this CA, with its key; TLS that presents it and trusts this CA. */
    public TlsConfig node(String name) {
        return node(name, caFile());
    }

    /** A node certificate signed by this CA, trusting the certificates in {@code trusted}. */
    public TlsConfig node(String name, Path trusted) {
        try {
            KeyPair keys = keyPair();
            JcaX509v3CertificateBuilder b = builder(new X500Name("CN=" + subjectOf(ca)), new X500Name("CN=" + name), keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate cert = sign(b, caKeys);
            Path certFile = dir.resolve(name + ".crt");
            Path keyFile = dir.resolve(name + ".key");
            Files.writeString(certFile, pem(cert) + pem(ca));
            Files.writeString(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            return TlsConfig.pem(certFile, keyFile, trusted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /**
     * A node certificate signed by this CA held only in memory: TLS given as the JDK's key and trust manager
     * factories ({@link TlsConfig#of}), which presents it and trusts this CA.
     */
    public TlsConfig nodeManagers(String name) {
        try {
            KeyPair keys = keyPair();
            JcaX509v3CertificateBuilder b = builder(new X500Name("CN=" + subjectOf(ca)), new X500Name("CN=" + name), keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate cert = sign(b, caKeys);
            char[] password = "in-memory".toCharArray();
            java.security.KeyStore keyStore = java.security.KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(name, keys.getPrivate(), password, new java.security.cert.Certificate[] {cert, ca});
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            java.security.KeyStore trustStore = java.security.KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("ca", ca);
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            return TlsConfig.of(kmf, tmf, "key store of " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static String subjectOf(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName().replace("CN=", "");
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256, RANDOM);
        return g.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer)
            throws OperatorCreationException, java.security.cert.CertificateException {
        ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        X509CertificateHolder holder = b.build(s);
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static void write(Path file, X509Certificate cert) throws IOException {
        Files.writeString(file, pem(cert));
    }

    private static String pem(Object o) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            if (o instanceof JcaPKCS8Generator gen) {
                w.writeObject(gen.generate());
            } else {
                w.writeObject(o);
            }
        }
        return text.toString();
    }
}
