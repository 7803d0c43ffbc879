package dev.tractor.transport;

import dev.tractor.TlsConfig;
import dev.tractor.TractorException;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The two Netty {@link SslContext}s of an actor with TLS: one for the connections it accepts, one for those it
 * dials. Both present the actor's certificate and require the peer's (mutual TLS), trust only the configured
 * certificates, and check no host name (see {@link TlsConfig}). Immutable once built; thread-safe.
 */
final class TlsContexts {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SslContext server;
    private final SslContext client;

    private TlsContexts(SslContext server, SslContext client) {
        this.server = server;
        this.client = client;
    }

    /** The contexts for {@code tls}, reading its files now. */
    static TlsContexts of(TlsConfig tls) {
        try {
            SslContextBuilder server = tls.keyManagerFactory().isPresent()
                    ? SslContextBuilder.forServer(tls.keyManagerFactory().get())
                    : SslContextBuilder.forServer(tls.certificateChain().orElseThrow().toFile(),
                            tls.privateKey().orElseThrow().toFile());
            SslContextBuilder client = SslContextBuilder.forClient();
            if (tls.keyManagerFactory().isPresent()) {
                client.keyManager(tls.keyManagerFactory().get());
            } else {
                client.keyManager(tls.certificateChain().orElseThrow().toFile(), tls.privateKey().orElseThrow().toFile());
            }
            for (SslContextBuilder b : new SslContextBuilder[] {server, client}) {
                if (tls.trustManagerFactory().isPresent()) {
                    b.trustManager(tls.trustManagerFactory().get());
                } else {
                    b.trustManager(tls.trustedCertificates().orElseThrow().toFile());
                }
                b.sslProvider(SslProvider.JDK).protocols(PROTOCOLS).endpointIdentificationAlgorithm(null);
            }
            server.clientAuth(ClientAuth.REQUIRE);
            return new TlsContexts(server.build(), client.build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new TractorException("cannot set up TLS from " + tls + ": " + e.getMessage(), e);
        }
    }

    /** A handler for {@code ch}: the client side where this actor dialed, else the server side. */
    SslHandler handler(Channel ch, boolean dialer, long handshakeTimeoutMillis) {
        SslHandler handler = (dialer ? client : server).newHandler(ch.alloc());
        handler.setHandshakeTimeout(handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        return handler;
    }
}
