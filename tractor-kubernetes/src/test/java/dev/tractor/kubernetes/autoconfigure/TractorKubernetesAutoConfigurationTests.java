package dev.tractor.kubernetes.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.kubernetes.KubernetesSpawnBackend;
import dev.tractor.kubernetes.KubernetesSpawnSettings;
import dev.tractor.spawn.SpawnBackend;
import dev.tractor.spring.autoconfigure.TractorAutoConfiguration;
import dev.tractor.spring.child.SpringApplicationSpawnBackend;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Kubernetes spawn backend's auto-configuration, with {@link ApplicationContextRunner}: no cluster needed. */
class TractorKubernetesAutoConfigurationTests {

    /** Registry port 0: each context is its own registrar; the client points at a closed loopback port. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TractorKubernetesAutoConfiguration.class,
                    TractorAutoConfiguration.class))
            .withPropertyValues("tractor.registry.port=0")
            .withSystemProperties("kubernetes.master=http://127.0.0.1:1", "kubernetes.auth.tryKubeConfig=false",
                    "kubernetes.auth.tryServiceAccount=false", "kubernetes.namespace=from-client");

    @Test
    void withoutTheKubernetesBackendChildrenStayLocalJvms() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(SpawnBackend.class).doesNotHaveBean(KubernetesClient.class);
            assertThat(context.getBean(SpawnBackend.class)).isInstanceOf(SpringApplicationSpawnBackend.class);
        });
    }

    @Test
    void theKubernetesBackendMakesChildrenPodsWithAClientOfItsOwn() {
        runner.withPropertyValues("tractor.spawn.backend=kubernetes").run(context -> {
            assertThat(context).hasSingleBean(SpawnBackend.class).hasSingleBean(KubernetesClient.class);
            KubernetesSpawnBackend backend = context.getBean(KubernetesSpawnBackend.class);
            assertThat(backend.client()).isSameAs(context.getBean(KubernetesClient.class));
            assertThat(backend.namespace()).isEqualTo("from-client");
            assertThat(backend.childrenConfigureTls()).isTrue();
            assertThat(backend.childrenConfigureValueMappers()).isTrue();
        });
    }

    @Test
    void theTractorKubernetesPropertiesShapeThePods() {
        runner.withPropertyValues("tractor.spawn.backend=kubernetes", "tractor.kubernetes.namespace=actors",
                "tractor.kubernetes.parent-pod=app-0", "tractor.kubernetes.image=registry.example/app:2",
                "tractor.kubernetes.class-path=/app/lib/*", "tractor.kubernetes.java-command=/opt/java/bin/java",
                "tractor.kubernetes.service-account=tractor-actors", "tractor.kubernetes.image-pull-policy=IfNotPresent",
                "tractor.kubernetes.cookie-secret=tree-cookie", "tractor.kubernetes.cookie-secret-key=value",
                "tractor.kubernetes.resources.requests.cpu=250m", "tractor.kubernetes.resources.limits.memory=512Mi",
                "tractor.kubernetes.node-selector.pool=actors", "tractor.kubernetes.labels.team=payments",
                "tractor.kubernetes.annotations.note=child", "tractor.kubernetes.delete-finished-pods=false",
                "tractor.kubernetes.log-lines=10").run(context -> {
            KubernetesSpawnBackend backend = context.getBean(KubernetesSpawnBackend.class);
            KubernetesSpawnSettings s = backend.settings();
            assertThat(backend.namespace()).isEqualTo("actors");
            assertThat(s.parentPod()).isEqualTo("app-0");
            assertThat(s.image()).isEqualTo("registry.example/app:2");
            assertThat(s.classPath()).isEqualTo("/app/lib/*");
            assertThat(s.javaCommand()).isEqualTo("/opt/java/bin/java");
            assertThat(s.serviceAccount()).isEqualTo("tractor-actors");
            assertThat(s.imagePullPolicy()).isEqualTo("IfNotPresent");
            assertThat(s.cookieSecret()).isEqualTo("tree-cookie");
            assertThat(s.cookieSecretKey()).isEqualTo("value");
            assertThat(s.podDefaults().requests()).isEqualTo(Map.of("cpu", "250m"));
            assertThat(s.podDefaults().limits()).isEqualTo(Map.of("memory", "512Mi"));
            assertThat(s.podDefaults().nodeSelector()).isEqualTo(Map.of("pool", "actors"));
            assertThat(s.podDefaults().labels()).isEqualTo(Map.of("team", "payments"));
            assertThat(s.podDefaults().annotations()).isEqualTo(Map.of("note", "child"));
            assertThat(s.deleteFinishedPods()).isFalse();
            assertThat(s.logLines()).isEqualTo(10);
        });
    }

    @Test
    void aPodTemplateIsReadFromItsManifest() {
        runner.withPropertyValues("tractor.spawn.backend=kubernetes",
                "tractor.kubernetes.pod-template=classpath:pod-template.yaml").run(context -> {
            var template = context.getBean(KubernetesSpawnBackend.class).settings().podTemplate();
            assertThat(template.getSpec().getTolerations()).singleElement()
                    .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
            assertThat(template.getSpec().getContainers().getFirst().getEnv()).singleElement()
                    .satisfies(v -> assertThat(v.getName()).isEqualTo("JAVA_TOOL_OPTIONS"));
        });
    }

    @Test
    void anUnreadablePodTemplateFailsTheContextNamingTheProperty() {
        runner.withPropertyValues("tractor.spawn.backend=kubernetes",
                "tractor.kubernetes.pod-template=classpath:no-such-template.yaml").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("tractor.kubernetes.pod-template (class path resource")
                        .hasStackTraceContaining("cannot be read as a pod manifest"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnClient() {
        runner.withPropertyValues("tractor.spawn.backend=kubernetes").withUserConfiguration(OwnClient.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(KubernetesClient.class).hasBean("ownClient");
                    assertThat(context.getBean(KubernetesSpawnBackend.class).client())
                            .isSameAs(context.getBean("ownClient"));
                });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnSpawnBackend() {
        runner.withPropertyValues("tractor.spawn.backend=kubernetes").withUserConfiguration(OwnBackend.class)
                .run(context -> assertThat(context).hasSingleBean(SpawnBackend.class)
                        .doesNotHaveBean(KubernetesSpawnBackend.class).hasBean("ownBackend"));
    }

    @Test
    void turnedOffWithTheRuntime() {
        runner.withPropertyValues("tractor.spawn.backend=kubernetes", "tractor.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KubernetesSpawnBackend.class)
                        .doesNotHaveBean(KubernetesClient.class));
    }

    @Test
    void anUnknownBackendFailsTheContextNamingWhatProvidesEach() {
        runner.withPropertyValues("tractor.spawn.backend=nomad").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("tractor.spawn.backend")
                        .hasMessageContaining("nomad").hasMessageContaining("tractor-kubernetes"));
    }

    @Test
    void thePropertiesAreDescribedInTheConfigurationMetadata() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"tractor.kubernetes.image\"", "\"tractor.kubernetes.namespace\"",
                    "\"tractor.kubernetes.service-account\"", "\"tractor.kubernetes.resources.limits\"",
                    "\"tractor.kubernetes.pod-template\"", "\"tractor.kubernetes.cookie-secret\"",
                    "Container image of the child pods");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClient {
        @Bean
        KubernetesClient ownClient() {
            return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
                    .withNamespace("own").build()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBackend {
        @Bean
        SpawnBackend ownBackend() {
            return new dev.tractor.spawn.JvmSpawnBackend();
        }
    }
}
