package dev.tractor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.spring.sample.SampleApplication;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.TestCertificates;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code tractor.ssl.bundle} puts every actor connection under mutual TLS from a Spring SSL bundle: a child Spring
 * context resolves the same bundle and connects back under TLS, a core actor with a certificate of the same
 * authority is served, and an actor without TLS is refused.
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(classes = SampleApplication.class, properties = {"tractor.name=tls-parent", "tractor.registry.port=0"})
@ActiveProfiles("tls")
@DirtiesContext
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SslBundleIntegrationTests {

    static final TestCertificates CA;

    static {
        // the files application-tls.properties names, written before the context (and its children) read them
        CA = new TestCertificates(Path.of("target", "test-tls"), "tree");
        CA.node("node");
    }

    @Autowired
    private ActorRuntime runtime;

    @Autowired
    private ActorNurseryFactory nurseries;

    @Autowired
    private TractorConfig config;

    @Test
    void aChildContextResolvesTheSameBundleAndConnectsBackUnderTls() {
        assertThat(config.tls()).hasToString("TlsConfig[SSL bundle 'tractor']");
        try (ActorNursery nursery = nurseries.open()) {
            Portal worker = nursery.startActor("tls-worker");
            assertThat(worker.run("greetings", "greet", Map.of("name", "Ada"), String.class))
                    .isEqualTo("Hello, Ada from tls-worker");
            nursery.cancel();
        }
    }

    @Test
    void aCoreActorWithACertificateOfTheSameAuthorityIsServedAndOneWithoutTlsIsRefused() {
        TractorConfig.Builder base = TractorConfig.builder().registry("127.0.0.1", 0);
        try (ActorRuntime withTls = Tractor.openRoot(base.name("core-tls").tls(CA.node("core-tls")).build())) {
            assertThat(withTls.connect(runtime.address()).run("self", "ping", Map.of()).toString())
                    .startsWith("[tls-parent, ");
        }
        try (ActorRuntime plain = Tractor.openRoot(base.name("core-plain").tls(null).build())) {
            assertThatThrownBy(() -> plain.connect(runtime.address()))
                    .isInstanceOf(TractorException.class).hasMessageContaining("speaks TLS");
        }
    }
}
