package dev.tractor.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.AuthenticationFailed;
import dev.tractor.Portal;
import dev.tractor.TlsConfig;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.Calc;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Probe;
import dev.tractor.testing.TestCertificates;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Msg;
import dev.tractor.wire.MsgCodec;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on every connection: actors with certificates of one CA call each other and a child inherits TLS; a peer
 * without TLS, a peer whose certificate another CA signed, and a TLS peer with the wrong cookie are all refused with
 * an error that says so, while the TLS actor goes on serving its legitimate peers.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTests {

    static final String COOKIE = "tls-tests-cookie";
    @TempDir
    static Path dir;
    static TestCertificates ca;
    static ActorRuntime server;
    static ActorRuntime client;

    static TractorConfig.Builder config(String name, TlsConfig tls) {
        return TractorConfig.builder().name(name).registry("127.0.0.1", 0).cookie(COOKIE).tls(tls)
                .enableModules(Calc.class, Probe.class);
    }

    @BeforeAll
    static void open() {
        ca = new TestCertificates(dir.resolve("ca"), "tree");
        server = Tractor.openRoot(config("server", ca.node("server")).build());
        client = Tractor.openRoot(config("client", ca.node("client")).build());
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void serverStillServes() {
        assertThat(client.connect(server.address()).run("calc", "square", Map.of("x", 12))).isEqualTo(144);
    }

    @Test
    void actorsWithCertificatesOfOneAuthorityCallEachOtherAndAChildInheritsTls() {
        serverStillServes();
        try (ActorNursery n = server.openNursery()) {
            Portal child = n.startActor("tls-child");
            assertThat(child.run("calc", "square", Map.of("x", 5))).isEqualTo(25);
            assertThat(client.findActor("tls-child")).isEmpty();
            n.cancel();
        }
    }

    /**
     * TLS given as key and trust manager factories serves calls, but a core child cannot inherit it: starting one
     * fails at once with a message that says to use {@code TlsConfig.pem}, and no process is started.
     */
    @Test
    void tlsFromManagerFactoriesServesButACoreChildCannotInheritItAndTheErrorSaysToUsePem() {
        try (ActorRuntime managed = Tractor.openRoot(config("managed", ca.nodeManagers("managed")).build())) {
            assertThat(client.connect(managed.address()).run("calc", "square", Map.of("x", 3))).isEqualTo(9);
            try (ActorNursery n = managed.openNursery()) {
                assertThatThrownBy(() -> n.startActor("cannot-inherit"))
                        .isInstanceOf(TractorException.class)
                        .hasMessageContaining("cannot start actor 'cannot-inherit'")
                        .hasMessageContaining("key store of managed")
                        .hasMessageContaining("a child process cannot inherit")
                        .hasMessageContaining("TlsConfig.pem(...)");
                assertThat(ProcessHandle.current().descendants()).as("no child process started").isEmpty();
            }
            assertThat(client.connect(managed.address()).run("calc", "square", Map.of("x", 4))).isEqualTo(16);
        }
        serverStillServes();
    }

    @Test
    void aPlainActorIsRefusedByATlsActorAndTheReverseAndBothSaySo() {
        try (ActorRuntime plain = Tractor.openRoot(config("plain", null).build())) {
            assertThatThrownBy(() -> plain.connect(server.address()))
                    .isInstanceOf(TractorException.class)
                    .hasMessageContaining("speaks TLS, but this actor is not configured for TLS");
            assertThatThrownBy(() -> server.connect(plain.address()))
                    .isInstanceOf(AuthenticationFailed.class)
                    .hasMessageContaining("does not speak TLS");
        }
        serverStillServes();
    }

    @Test
    void aPlainListenerTellsATlsDialerWhatIsWrong() throws IOException {
        try (ActorRuntime plain = Tractor.openRoot(config("plain-listener", null).build());
             Socket s = new Socket(plain.address().host(), plain.address().port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            // the first bytes of a TLS ClientHello record
            out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            Msg m;
            do {
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                m = MsgCodec.decode(Unpooled.wrappedBuffer(body));
            } while (!(m instanceof ErrorMsg));
            assertThat(((ErrorMsg) m).box().message()).contains("speaks TLS").contains("not configured for TLS");
        }
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefusedOnBothSides() {
        TestCertificates other = new TestCertificates(dir.resolve("other"), "other");
        TlsConfig stranger = other.node("stranger");
        int before = Probe.TOUCHED.get();
        try (ActorRuntime outsider = Tractor.openRoot(config("outsider", stranger).build())) {
            assertThatThrownBy(() -> outsider.connect(server.address()).run("probe", "touch", Map.of()))
                    .isInstanceOf(TractorException.class).hasMessageContaining("TLS");
            assertThatThrownBy(() -> server.connect(outsider.address()))
                    .isInstanceOf(AuthenticationFailed.class).hasMessageContaining("TLS");
        }
        // a stranger that trusts the tree's CA but presents its own CA's certificate fares no better
        try (ActorRuntime halfway = Tractor.openRoot(config("halfway", other.node("halfway", ca.caFile())).build())) {
            assertThatThrownBy(() -> halfway.connect(server.address()).run("probe", "touch", Map.of()))
                    .isInstanceOf(TractorException.class);
        }
        assertThat(Probe.TOUCHED.get()).isEqualTo(before);
        serverStillServes();
    }

    @Test
    void theCookieHandshakeStillRunsInsideTls() {
        int before = Probe.TOUCHED.get();
        try (ActorRuntime wrongCookie = Tractor.openRoot(config("wrong-cookie", ca.node("wrong-cookie"))
                .cookie("another-cookie").build())) {
            assertThatThrownBy(() -> wrongCookie.connect(server.address()).run("probe", "touch", Map.of()))
                    .isInstanceOf(AuthenticationFailed.class).hasMessageContaining("wrong cookie");
        }
        assertThat(Probe.TOUCHED.get()).isEqualTo(before);
        serverStillServes();
    }

    @Test
    void unreadableKeyMaterialFailsTheStartNamingIt() {
        TlsConfig missing = TlsConfig.pem(dir.resolve("nope.crt"), dir.resolve("nope.key"), ca.caFile());
        assertThatThrownBy(() -> Tractor.openRoot(config("no-keys", missing).build()))
                .isInstanceOf(TractorException.class).hasMessageContaining("TLS").hasMessageContaining("nope");
    }
}
