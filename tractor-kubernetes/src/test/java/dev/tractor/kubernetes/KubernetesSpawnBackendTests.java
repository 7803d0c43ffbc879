package dev.tractor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorDied;
import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorStartFailed;
import dev.tractor.ActorStatus;
import dev.tractor.ContextHandle;
import dev.tractor.Heartbeat;
import dev.tractor.MsgStream;
import dev.tractor.ReceiveStream;
import dev.tractor.Portal;
import dev.tractor.TractorConfig;
import dev.tractor.embed.Embedding;
import dev.tractor.embed.RuntimeSetup;
import dev.tractor.spawn.ChildEnvironment;
import dev.tractor.spring.ActorFunctionRegistry;
import dev.tractor.spring.ChildActorMonitor;
import dev.tractor.spring.actuate.endpoint.TractorEndpoint;
import dev.tractor.testing.Calc;
import dev.tractor.testing.EchoServer;
import dev.tractor.testing.Feeds;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Signals;
import dev.tractor.testing.Tree;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * Child actors as pods, against a mock API server whose pods a test node runs as local processes: spawn and call,
 * the pod's identity, owner and cookie Secret, cancel (the pod is deleted), a pod that cannot start, a killed child,
 * and the parent's pod going away.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KubernetesSpawnBackendTests {

    private static final String COOKIE = "k8s-test-cookie-0123456789";
    /**
     * Waits on the API server outlast the minute for which the mock server may block when a watch closes (see
     * {@link MockCluster#close()}).
     */
    private static final Duration STALL_TOLERANT = Duration.ofSeconds(75);
    private static MockCluster cluster;
    private static Pod parent;

    @BeforeAll
    static void startCluster() {
        cluster = new MockCluster();
        parent = cluster.parentPod("parent-0");
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static KubernetesSpawnSettings.Builder settings(String parentPod) {
        return KubernetesSpawnSettings.builder().namespace(MockCluster.NAMESPACE).parentPod(parentPod);
    }

    private static TractorConfig config() {
        return TractorConfig.builder().name("root").cookie(COOKIE)
                .enableModules(Calc.class, Tree.class, Feeds.class, EchoServer.class)
                .cancelGracePeriod(Duration.ofSeconds(2)).spawnTimeout(STALL_TOLERANT).build();
    }

    /** Runs {@code body} with a root whose children are pods made by a backend with {@code settings}. */
    private static <T> T withRoot(KubernetesSpawnSettings settings, Function<ActorRuntime, T> body) {
        return withRoot(settings, config(), body);
    }

    private static <T> T withRoot(KubernetesSpawnSettings settings, TractorConfig config,
                                  Function<ActorRuntime, T> body) {
        try (KubernetesSpawnBackend backend = new KubernetesSpawnBackend(cluster.client(), settings)) {
            try (ActorRuntime rt = Embedding.openRoot(config, RuntimeSetup.defaults().withSpawnBackend(backend))) {
                return body.apply(rt);
            } finally {
                awaitNoChildPods();
            }
        }
    }

    /**
     * Waits (bounded, never failing: a test's own failure must show) until no child pod is left, so that the
     * backend's watch closes once no event for it is on its way (see {@link MockCluster#close()}).
     */
    private static void awaitNoChildPods() {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.client().pods().inNamespace(MockCluster.NAMESPACE)
                            .withLabel(KubernetesSpawnBackend.MANAGED_BY_LABEL).list().getItems().isEmpty());
            Thread.sleep(200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the test says what went wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Pod podOf(String actor) {
        List<Pod> pods = cluster.client().pods().inNamespace(MockCluster.NAMESPACE)
                .withLabel(KubernetesSpawnBackend.ACTOR_LABEL, actor).list().getItems();
        assertThat(pods).as("pods of actor " + actor).hasSize(1);
        return pods.getFirst();
    }

    private static void awaitNoPodOf(String actor) {
        Awaitility.await("the pod of " + actor + " to be deleted").atMost(STALL_TOLERANT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.client().pods().inNamespace(MockCluster.NAMESPACE)
                        .withLabel(KubernetesSpawnBackend.ACTOR_LABEL, actor).list().getItems().isEmpty());
    }

    @Test
    void aChildRunsInAPodOwnedByTheParentsPodAndAnswersCalls() {
        withRoot(settings("parent-0").build(), rt -> {
            try (ActorNursery n = rt.openNursery()) {
                Portal calc = n.startActor("calc");
                assertThat(calc.run("calc", "square", Map.of("x", 7), Integer.class)).isEqualTo(49);
                assertThat(calc.run("calc", "whoami", Map.of(), String.class)).contains("calc");

                Pod pod = podOf("calc");
                assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("Pod");
                    assertThat(owner.getName()).isEqualTo("parent-0");
                    assertThat(owner.getUid()).isEqualTo(parent.getMetadata().getUid());
                });
                assertThat(pod.getMetadata().getLabels()).containsEntry(KubernetesSpawnBackend.TREE_LABEL, "parent-0")
                        .containsEntry(KubernetesSpawnBackend.PARENT_LABEL, "parent-0")
                        .containsEntry(KubernetesSpawnBackend.UUID_LABEL, calc.uid().uuid());
                assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
                assertThat(pod.getSpec().getNodeName()).isEqualTo(TestNode.NODE);
                assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo(MockCluster.IMAGE);
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");

                ActorStatus.Child child = rt.status().children().getFirst();
                assertThat(child.pid()).isEqualTo(-1);
                assertThat(child.placement()).containsEntry("pod", pod.getMetadata().getName())
                        .containsEntry("node", TestNode.NODE).containsEntry("namespace", MockCluster.NAMESPACE)
                        .containsEntry("podIP", "127.0.0.1");
                assertThat(ActorStatus.fromWire(rt.status().toWire()).children().getFirst().placement())
                        .isEqualTo(child.placement());
                TractorEndpoint endpoint = new TractorEndpoint(rt,
                        new ActorFunctionRegistry(new DefaultListableBeanFactory()), new ChildActorMonitor());
                assertThat(endpoint.tree().children()).singleElement().satisfies(d -> {
                    assertThat(d.placement()).containsEntry("pod", pod.getMetadata().getName())
                            .containsEntry("node", TestNode.NODE);
                    assertThat(d.state()).isEqualTo("running");
                });
                n.cancel();
            }
            awaitNoPodOf("calc");
            return null;
        });
    }

    @Test
    void aPodChildStreamsAndHoldsAContextAndIsFoundInTheRegistry() {
        withRoot(settings("parent-0").build(), rt -> {
            try (ActorNursery n = rt.openNursery()) {
                Portal feeds = n.startActor("feeder");
                try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "count", Map.of("to", 100), Integer.class)) {
                    int sum = 0;
                    for (int i : s) {
                        sum += i;
                    }
                    assertThat(sum).isEqualTo(4950);
                }
                try (ContextHandle ctx = feeds.openContext("echo", "echo", Map.of("start", 7))) {
                    assertThat(ctx.started(Integer.class)).isEqualTo(7);
                    try (MsgStream<Integer> s = ctx.openStream(Integer.class)) {
                        for (int i = 0; i < 50; i++) {
                            s.send(i);
                            assertThat(s.receive()).isEqualTo(i);
                        }
                    }
                    assertThat(ctx.result(Integer.class)).isEqualTo(50);
                }
                Portal found = rt.waitForActor("feeder", Duration.ofSeconds(10));
                assertThat(found.uid()).isEqualTo(feeds.uid());
                assertThat(found.run("calc", "square", Map.of("x", 12), Integer.class)).isEqualTo(144);
                n.cancel();
            }
            awaitNoPodOf("feeder");
            return null;
        });
    }

    @Test
    void theCookieComesFromASecretAndNeverFromThePodSpec() {
        withRoot(settings("parent-0").build(), rt -> {
            try (ActorNursery n = rt.openNursery()) {
                n.startActor("secretive").run("calc", "square", Map.of("x", 2));
                Pod pod = podOf("secretive");
                var container = pod.getSpec().getContainers().getFirst();
                assertThat(String.join(" ", container.getCommand())).doesNotContain(COOKIE);
                EnvVar cookie = container.getEnv().stream()
                        .filter(v -> v.getName().equals(ChildEnvironment.COOKIE)).findFirst().orElseThrow();
                assertThat(cookie.getValue()).isNull();
                assertThat(container.getEnv()).allSatisfy(v -> assertThat(String.valueOf(v.getValue()))
                        .doesNotContain(COOKIE));
                String secretName = cookie.getValueFrom().getSecretKeyRef().getName();
                Secret secret = cluster.client().secrets().inNamespace(MockCluster.NAMESPACE).withName(secretName).get();
                String held = secret.getData().get(cookie.getValueFrom().getSecretKeyRef().getKey());
                assertThat(new String(Base64.getDecoder().decode(held), StandardCharsets.UTF_8)).isEqualTo(COOKIE);
                assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                        .satisfies(o -> assertThat(o.getUid()).isEqualTo(parent.getMetadata().getUid()));
                n.cancel();
            }
            return null;
        });
    }

    @Test
    void aParentOutsideTheClusterMakesPodsWithoutOwnerAndRemovesItsSecretWhenDone() {
        String secret = withRoot(settings("").image(MockCluster.IMAGE).build(), rt -> {
            try (ActorNursery n = rt.openNursery()) {
                Portal outside = n.startActor("outside");
                assertThat(outside.run("calc", "square", Map.of("x", 5), Integer.class)).isEqualTo(25);
                Pod pod = podOf("outside");
                assertThat(pod.getMetadata().getOwnerReferences()).isEmpty();
                assertThat(pod.getMetadata().getLabels()).containsEntry(KubernetesSpawnBackend.TREE_LABEL, "tractor")
                        .doesNotContainKey(KubernetesSpawnBackend.PARENT_LABEL);
                n.cancel();
                return pod.getSpec().getContainers().getFirst().getEnv().stream()
                        .filter(v -> v.getName().equals(ChildEnvironment.COOKIE)).findFirst().orElseThrow()
                        .getValueFrom().getSecretKeyRef().getName();
            }
        });
        assertThat(cluster.client().secrets().inNamespace(MockCluster.NAMESPACE).withName(secret).get()).isNull();
        awaitNoPodOf("outside");
    }

    @Test
    void aSecretHoldingAnotherCookieFailsTheSpawnBeforeAnyPodIsMade() {
        cluster.client().secrets().inNamespace(MockCluster.NAMESPACE).resource(new io.fabric8.kubernetes.api.model
                .SecretBuilder().withNewMetadata().withName("stale-cookie").endMetadata()
                .addToData("cookie", Base64.getEncoder().encodeToString("another".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        withRoot(settings("parent-0").cookieSecret("stale-cookie").build(), rt -> {
            try (ActorNursery n = rt.openNursery()) {
                assertThatThrownBy(() -> n.startActor("refused")).isInstanceOf(ActorStartFailed.class)
                        .hasMessageContaining("stale-cookie").hasMessageContaining("another cookie");
            }
            return null;
        });
        assertThat(cluster.client().pods().inNamespace(MockCluster.NAMESPACE)
                .withLabel(KubernetesSpawnBackend.ACTOR_LABEL, "refused").list().getItems()).isEmpty();
    }

    @Test
    void cancellingAChildEndsItAndDeletesItsPod() {
        withRoot(settings("parent-0").build(), rt -> {
            try (ActorNursery n = rt.openNursery()) {
                Portal doomed = n.startActor("doomed");
                long pid = doomed.run("tree", "pid", Map.of(), Long.class);
                assertThat(podOf("doomed")).isNotNull();
                long t0 = System.nanoTime();
                doomed.cancelActor();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
                awaitNoPodOf("doomed");
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            }
            return null;
        });
    }

    @Test
    void aPodThatCannotPullItsImageFailsTheSpawnWithItsEvents() {
        withRoot(settings("parent-0").build(), rt -> {
            try (ActorNursery n = rt.openNursery()) {
                ActorOptions options = ActorOptions.DEFAULTS.withSpawnTimeout(Duration.ofSeconds(3))
                        .with(PodOptions.none().withImage(TestNode.UNPULLABLE + "missing:1"));
                assertThatThrownBy(() -> n.startActor("unpulled", options)).isInstanceOfSatisfying(ActorStartFailed.class,
                        e -> {
                            assertThat(e.actorName()).isEqualTo("unpulled");
                            assertThat(e.getMessage()).contains("did not connect back within 3000 ms");
                            assertThat(e.stderrTail()).contains("phase Pending").contains("ImagePullBackOff")
                                    .contains("Failed to pull image \"unpullable/missing:1\"");
                        });
            }
            awaitNoPodOf("unpulled");
            return null;
        });
    }

    @Test
    void aChildThatCannotStartFailsTheSpawnWithItsLastLogLines() {
        withRoot(settings("parent-0").classPath("/nonexistent/app.jar").build(), rt -> {
            try (ActorNursery n = rt.openNursery()) {
                assertThatThrownBy(() -> n.startActor("broken")).isInstanceOfSatisfying(ActorStartFailed.class, e -> {
                    assertThat(e.getMessage()).contains("exited with code 1 before connecting back");
                    assertThat(e.stderrTail()).contains("phase Failed").contains("exit code 1")
                            .contains("dev.tractor.runtime.ChildMain");
                });
            }
            awaitNoPodOf("broken");
            return null;
        });
    }

    @Test
    void aKilledChildIsReportedDeadWithItsContainersExitCode() {
        withRoot(settings("parent-0").build(), rt -> {
            ActorNursery n = rt.openNursery();
            Portal victim = n.startActor("victim");
            long pid = victim.run("tree", "pid", Map.of(), Long.class);
            CompletableFuture<Object> call = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    call.complete(victim.run("calc", "sleep", Map.of("millis", 60_000)));
                } catch (Throwable t) {
                    call.completeExceptionally(t);
                }
            });
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(ActorDied.class,
                    e -> {
                        assertThat(e.actor()).isEqualTo(victim.uid());
                        assertThat(e.exitCode()).hasValue(137);
                        assertThat(e.getMessage()).contains("calc.sleep").contains("container terminated: Error");
                    });
            assertThatThrownBy(n::close).isInstanceOfSatisfying(ActorDied.class, e -> {
                assertThat(e.exitCode()).hasValue(137);
                assertThat(e.getMessage()).contains("victim").contains("pod " + MockCluster.NAMESPACE + "/victim-")
                        .contains("on node " + TestNode.NODE).contains("phase Failed");
            });
            awaitNoPodOf("victim");
            return null;
        });
    }

    @Test
    void aChildWhosePodStopsAnsweringIsReportedDeadWithinTheHeartbeatToleranceAndItsPodDeleted() {
        TractorConfig config = config().toBuilder().heartbeat(new Heartbeat(Duration.ofMillis(250),
                Duration.ofSeconds(2))).build();
        withRoot(settings("parent-0").build(), config, rt -> {
            ActorNursery n = rt.openNursery();
            Portal frozen = n.startActor("frozen");
            long pid = frozen.run("tree", "pid", Map.of(), Long.class);
            Signals.stop(pid);   // alive to the node, so the pod stays Running: only the heartbeat tells
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> frozen.run("calc", "square", Map.of("x", 2))).isInstanceOf(ActorDied.class)
                    .hasMessageContaining("stopped answering (suspected dead)").hasMessageContaining("no heartbeat");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
            n.close();   // the cancel goes unanswered: the pod is deleted and the node kills the stopped process
            awaitNoPodOf("frozen");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            return null;
        });
    }

    @Test
    void deletingTheParentsPodDeletesItsChildrensPodsAndTheirSecret() {
        cluster.parentPod("parent-gone");
        withRoot(settings("parent-gone").build(), rt -> {
            ActorNursery n = rt.openNursery();
            Portal orphan = n.startActor("orphan");
            long pid = orphan.run("tree", "pid", Map.of(), Long.class);
            String secret = podOf("orphan").getSpec().getContainers().getFirst().getEnv().stream()
                    .filter(v -> v.getName().equals(ChildEnvironment.COOKIE)).findFirst().orElseThrow()
                    .getValueFrom().getSecretKeyRef().getName();
            cluster.client().pods().inNamespace(MockCluster.NAMESPACE).withName("parent-gone").delete();
            awaitNoPodOf("orphan");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.client().secrets()
                    .inNamespace(MockCluster.NAMESPACE).withName(secret).get() == null);
            assertThatThrownBy(n::close).isInstanceOf(ActorDied.class).hasMessageContaining("orphan");
            return null;
        });
    }
}
