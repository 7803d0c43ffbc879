package dev.tractor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.TractorConfig;
import dev.tractor.embed.Embedding;
import dev.tractor.embed.RuntimeSetup;
import dev.tractor.testing.Calc;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Tree;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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

/**
 * A warm pool of pods: pods started ahead without an identity, claimed through their claim annotation (their
 * JVM reads it from the API server, as it would in a cluster), refilled, and deleted with the root.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KubernetesWarmPoolTests {

    private static final String COOKIE = "pool-test-cookie-9876543210";
    /**
     * A pooled pod's JVM closes its watch once claimed, and the mock API server may then block for up to a minute
     * (see {@link MockCluster#close()}): the waits here outlast that.
     */
    private static final Duration STALL_TOLERANT = Duration.ofSeconds(75);
    private static MockCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new MockCluster();
        cluster.parentPod("pool-parent");
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    /** A pooled pod's JVM finds the API server through its environment, as a pod finds its cluster's. */
    private static Pod apiServerInEnvironment() {
        return new PodBuilder().withNewSpec().addNewContainer().withName(KubernetesSpawnBackend.CONTAINER)
                .addNewEnv().withName("KUBERNETES_MASTER").withValue(cluster.client().getMasterUrl().toString()).endEnv()
                .addNewEnv().withName("KUBERNETES_AUTH_TRYKUBECONFIG").withValue("false").endEnv()
                .addNewEnv().withName("KUBERNETES_AUTH_TRYSERVICEACCOUNT").withValue("false").endEnv()
                .endContainer().endSpec().build();
    }

    private static List<Pod> pods(String label, String value) {
        return cluster.client().pods().inNamespace(MockCluster.NAMESPACE).withLabel(label, value).list().getItems();
    }

    @Test
    void aSpawnClaimsAPooledPodAndThePoolRefills() {
        KubernetesSpawnSettings settings = KubernetesSpawnSettings.builder().namespace(MockCluster.NAMESPACE)
                .parentPod("pool-parent").podTemplate(apiServerInEnvironment()).build();
        TractorConfig config = TractorConfig.builder().name("root").cookie(COOKIE).enableModules(Calc.class, Tree.class)
                .cancelGracePeriod(Duration.ofSeconds(2)).spawnTimeout(STALL_TOLERANT).warmPoolSize(1).build();
        try (KubernetesSpawnBackend backend = new KubernetesSpawnBackend(cluster.client(), settings);
             ActorRuntime rt = Embedding.openRoot(config, RuntimeSetup.defaults().withSpawnBackend(backend))) {
            Awaitility.await("a pooled pod to run").atMost(STALL_TOLERANT).pollInterval(Duration.ofMillis(50))
                    .until(() -> backend.warmPodsReady() == 1);
            String pooled = pods(KubernetesSpawnBackend.POOLED_LABEL, "true").getFirst().getMetadata().getName();
            try (ActorNursery n = rt.openNursery()) {
                Portal warm = n.startActor("warm");
                assertThat(backend.warmPodsClaimed()).isEqualTo(1);
                assertThat(warm.run("calc", "whoami", Map.of(), String.class)).contains("warm");
                Pod claimed = pods(KubernetesSpawnBackend.ACTOR_LABEL, "warm").getFirst();
                assertThat(claimed.getMetadata().getName()).isEqualTo(pooled);
                assertThat(claimed.getMetadata().getLabels()).doesNotContainKey(KubernetesSpawnBackend.POOLED_LABEL)
                        .containsEntry(KubernetesSpawnBackend.UUID_LABEL, warm.uid().uuid());
                assertThat(claimed.getMetadata().getAnnotations().get(KubernetesSpawnBackend.CLAIM_ANNOTATION))
                        .contains(warm.uid().uuid()).doesNotContain(COOKIE);

                // the pool refills; a spawn with other pod options starts cold
                Awaitility.await("the pool to refill").atMost(STALL_TOLERANT)
                        .pollInterval(Duration.ofMillis(50)).until(() -> backend.warmPodsReady() == 1);
                Portal cold = n.startActor("cold", ActorOptions.DEFAULTS.with(PodOptions.none().withLabel("x", "y")));
                assertThat(cold.run("calc", "square", Map.of("x", 3), Integer.class)).isEqualTo(9);
                assertThat(backend.warmPodsClaimed()).isEqualTo(1);
                n.cancel();
            }
            Awaitility.await("the claimed pod to be deleted").atMost(STALL_TOLERANT)
                    .until(() -> pods(KubernetesSpawnBackend.ACTOR_LABEL, "warm").isEmpty());
        }
        Awaitility.await("the pool's pods to be deleted with the root").atMost(STALL_TOLERANT)
                .until(() -> pods(KubernetesSpawnBackend.POOLED_LABEL, "true").isEmpty());
    }
}
