package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorStatus;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.testing.Calc;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.PooledRootMain;
import dev.tractor.testing.Programs;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The warm pool with real child JVMs: a spawn claims a pre-started JVM and the pool refills; spawns with other JVM
 * options start cold; pooled JVMs are not actors until claimed; closing or killing the root leaves none behind.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WarmPoolTests {

    private static final Duration BOOT = Duration.ofSeconds(30);

    private static TractorConfig config(int pool) {
        return TractorConfig.builder().name("root").enableModules(Calc.class).registry("127.0.0.1", 0)
                .cancelGracePeriod(Duration.ofSeconds(2)).warmPoolSize(pool).build();
    }

    private static Set<Long> awaitChildren(int count) {
        Awaitility.await("%d child JVMs".formatted(count)).atMost(BOOT).pollInterval(Duration.ofMillis(20))
                .until(() -> ProcessHandle.current().children().count() == count);
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static long pidOf(Portal p) {
        return ActorStatus.fromWire(p.run("self", "status", Map.of(), Map.class)).pid();
    }

    @Test
    void aSpawnClaimsAPreStartedJvmAndThePoolRefills() {
        try (ActorRuntime rt = Tractor.openRoot(config(2))) {
            Set<Long> pooled = awaitChildren(2);
            assertThat(rt.status().children()).as("pooled JVMs are not children").isEmpty();
            assertThat(rt.status().registry().actors()).extracting(ActorStatus.Registered::name)
                    .as("nor registered").containsExactly("root");
            try (ActorNursery n = rt.openNursery()) {
                assertThat(n.children()).isEmpty();
                Portal worker = n.startActor("worker");
                assertThat(worker.run("calc", "square", Map.of("x", 9), Integer.class)).isEqualTo(81);
                long pid = pidOf(worker);
                assertThat(pooled).as("the worker runs in a pre-started JVM").contains(pid);
                Set<Long> after = awaitChildren(3);
                assertThat(after).as("the pool refilled beside the claimed worker").contains(pid).hasSize(3);
                worker.cancelActor();
                Awaitility.await("the claimed worker exits when cancelled").atMost(Duration.ofSeconds(10))
                        .until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
            }
        }
    }

    @Test
    void aPooledJvmGetsItsIdentityAndCookieOffTheCommandLine() {
        String cookie = "a-cookie-that-must-not-show-in-ps-0123456789";
        try (ActorRuntime rt = Tractor.openRoot(config(1).toBuilder().cookie(cookie).build());
             ActorNursery n = rt.openNursery()) {
            long pooled = awaitChildren(1).iterator().next();
            Portal worker = n.startActor("named-later");
            assertThat(pidOf(worker)).isEqualTo(pooled);
            String[] args = ProcessHandle.of(pooled).orElseThrow().info().arguments().orElse(new String[0]);
            assertThat(Arrays.asList(args)).contains("--pooled").doesNotContain("named-later")
                    .noneMatch(a -> a.contains(cookie));
            assertThat(worker.uid().name()).isEqualTo("named-later");
            assertThat(ActorStatus.fromWire(worker.run("self", "status", Map.of(), Map.class)).uid())
                    .isEqualTo(worker.uid());
        }
    }

    @Test
    void aSpawnWithOtherJvmOptionsStartsColdAndLeavesThePoolAlone() {
        try (ActorRuntime rt = Tractor.openRoot(config(1)); ActorNursery n = rt.openNursery()) {
            Set<Long> pooled = awaitChildren(1);
            Portal odd = n.startActor("odd", ActorOptions.DEFAULTS.withJvmArgs("-Dodd.option=1"));
            assertThat(odd.run("calc", "square", Map.of("x", 3), Integer.class)).isEqualTo(9);
            assertThat(pooled).doesNotContain(pidOf(odd));
            assertThat(ProcessHandle.current().children().map(ProcessHandle::pid).toList())
                    .as("the pooled JVM still waits").containsAll(pooled);
        }
    }

    @Test
    void closingTheRootKillsTheUnclaimedPool() {
        Set<Long> pooled;
        try (ActorRuntime rt = Tractor.openRoot(config(2))) {
            pooled = awaitChildren(2);
        }
        assertThat(pooled).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)).as("pooled pid %d", pid).isFalse());
    }

    @Test
    void aKilledRootTakesItsPoolDownWithIt() throws Exception {
        try (Programs.Program root = Programs.start(List.of("-Dtractor.registry.port=0"), PooledRootMain.class,
                "2")) {
            String line = root.awaitLine("POOL", 60);
            List<Long> pooled = Arrays.stream(line.substring(5).trim().split(" ")).map(Long::parseLong).toList();
            assertThat(pooled).hasSize(2);
            root.process().destroyForcibly();
            Awaitility.await("the orphaned pool exits").atMost(Duration.ofSeconds(10)).until(() ->
                    pooled.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        }
    }
}
