package dev.tractor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.Portal;
import dev.tractor.kubernetes.sample.PodApplication;
import dev.tractor.spawn.SpawnBackend;
import dev.tractor.spring.ActorNurseryFactory;
import dev.tractor.testing.NoLeaks;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application with {@code tractor.spawn.backend=kubernetes}: its child actor boots the same application
 * in a pod (run by the test node), answers calls from its beans, and its pod is deleted when it is cancelled.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KubernetesSpringChildIntegrationTests {

    private static final List<String> CLIENT_PROPERTIES = List.of("kubernetes.master", "kubernetes.namespace",
            "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount");
    private static MockCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new MockCluster();
        cluster.parentPod("spring-parent");
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aSpringChildBootsTheApplicationInItsOwnPod() {
        // the auto-configured client finds the API server as it would in a pod: from its environment
        System.setProperty("kubernetes.master", cluster.client().getMasterUrl().toString());
        System.setProperty("kubernetes.namespace", MockCluster.NAMESPACE);
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        try (ConfigurableApplicationContext root = new SpringApplicationBuilder(PodApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tractor.name=spring-root", "tractor.registry.port=0", "tractor.spawn.backend=kubernetes",
                        "tractor.kubernetes.parent-pod=spring-parent", "tractor.kubernetes.labels.team=payments",
                        "tractor.kubernetes.resources.limits.memory=512Mi", "spring.main.banner-mode=off")
                .run()) {
            assertThat(root.getBean(SpawnBackend.class)).isInstanceOf(KubernetesSpawnBackend.class);
            try (ActorNursery n = root.getBean(ActorNurseryFactory.class).open()) {
                Portal child = n.startActor("spring-child");
                Pod pod = cluster.client().pods().inNamespace(MockCluster.NAMESPACE)
                        .withLabel(KubernetesSpawnBackend.ACTOR_LABEL, "spring-child").list().getItems().getFirst();
                assertThat(child.run("where", "am", Map.of("caller", "root"), String.class))
                        .isEqualTo("root reached spring-child in pod " + pod.getMetadata().getName()
                                + " bound to 127.0.0.1");
                assertThat(pod.getMetadata().getLabels()).containsEntry("team", "payments");
                assertThat(pod.getSpec().getContainers().getFirst().getResources().getLimits().get("memory"))
                        .hasToString("512Mi");
                assertThat(pod.getSpec().getContainers().getFirst().getCommand())
                        .contains("dev.tractor.spring.child.TractorChildMain")
                        .anyMatch(a -> a.equals("-Ddev.tractor.spring.application=" + PodApplication.class.getName()));
                child.cancelActor();
            }
            // before the context closes its backend's watch (see MockCluster.close)
            Awaitility.await("the child's pod to be deleted").atMost(Duration.ofSeconds(15))
                    .until(() -> cluster.client().pods().inNamespace(MockCluster.NAMESPACE)
                            .withLabel(KubernetesSpawnBackend.ACTOR_LABEL, "spring-child").list().getItems().isEmpty());
        } finally {
            CLIENT_PROPERTIES.forEach(System::clearProperty);
        }
    }
}
