package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tractor.ActorDied;
import dev.tractor.ActorRuntime;
import dev.tractor.CancelScope;
import dev.tractor.Portal;
import dev.tractor.ServiceSpec;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.testing.Calc;
import dev.tractor.testing.Flaky;
import dev.tractor.testing.NoLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Service actors by name with real child processes: get-or-create, across the tree, restarts, cancel, replicas. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceTests {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private static TractorConfig config() {
        return TractorConfig.builder().name("root").enableModules(Calc.class, Flaky.class)
                .cancelGracePeriod(Duration.ofSeconds(2)).build();
    }

    private static String uuid(Portal p) {
        return p.run("flaky", "uuid", Map.of(), String.class);
    }

    private static long pid(Portal p) {
        return p.run("flaky", "pid", Map.of(), Long.class);
    }

    private static long servicesNamed(ActorRuntime rt, String name) {
        return rt.status().children().stream().filter(c -> c.name().equals(name) && c.alive()).count();
    }

    @Test
    void aServiceGotOrCreatedTwiceAtOnceIsStartedOnce() throws Exception {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            RestartTests.Events events = RestartTests.Events.of(rt);
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                callers.add(Thread.ofVirtual().start(() -> seen.add(uuid(rt.service("db")))));
            }
            for (Thread t : callers) {
                t.join(BOUND.toMillis());
            }
            assertThat(seen).hasSize(4).containsOnly(seen.getFirst());
            assertThat(servicesNamed(rt, "db")).isEqualTo(1);
            assertThat(rt.services()).containsExactly("db");
            assertThat(uuid(rt.service("db"))).isEqualTo(seen.getFirst());
            assertThat(events.spawnFailed).isEmpty();
        }
    }

    @Test
    void aChildGetsTheRunningServiceOfItsTreeByNameInsteadOfStartingOne() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Portal db = rt.service("db");
            String dbUuid = uuid(db);
            rt.withNursery(n -> {
                Portal child = n.startActor("client");
                assertThat(child.run("flaky", "serviceUuid", Map.of("name", "db"), String.class)).isEqualTo(dbUuid);
                assertThat(child.run("flaky", "servicesHere", Map.of(), List.class)).isEmpty();

                // the service restarts under its name; the child's portal by name finds the new incarnation
                ProcessHandle.of(pid(db)).ifPresent(ProcessHandle::destroyForcibly);
                await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> !uuid(db).equals(dbUuid));
                String restarted = uuid(db);
                await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> child.run("flaky", "serviceUuid", Map.of("name", "db"), String.class),
                                restarted::equals);
                n.cancel();
                return null;
            });
            assertThat(servicesNamed(rt, "db")).isEqualTo(1);
        }
    }

    @Test
    void aServiceIsCancelledByNameAndStartedAfreshOnTheNextAsk() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Portal db = rt.service("db");
            long first = pid(db);
            assertThat(rt.cancelService("db")).isTrue();
            assertThat(ProcessHandle.of(first)).isEmpty();
            assertThat(rt.services()).isEmpty();
            assertThatThrownBy(() -> db.run("calc", "square", Map.of("x", 2))).isInstanceOf(RuntimeException.class);
            assertThat(rt.cancelService("db")).isFalse();
            assertThat(pid(rt.service("db"))).isNotEqualTo(first);
        }
    }

    @Test
    void aServiceWithReplicasHandsCallsToEachInTurn() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Portal pool = rt.service("calcs", ServiceSpec.DEFAULTS.withReplicas(3));
            Map<Long, Integer> calls = new HashMap<>();
            for (int i = 0; i < 6; i++) {
                calls.merge(pid(pool), 1, Integer::sum);
            }
            assertThat(calls).hasSize(3).containsValues(2, 2, 2);
            assertThat(rt.status().children()).extracting(c -> c.name())
                    .containsExactlyInAnyOrder("calcs-1", "calcs-2", "calcs-3");
            pool.cancelActor();
            assertThat(rt.services()).isEmpty();
            assertThat(rt.status().children()).isEmpty();
        }
    }

    @Test
    void aServiceOutlivesTheCancelScopeItWasFirstAskedForIn() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            long[] pid = new long[1];
            try (CancelScope scope = CancelScope.open()) {
                pid[0] = pid(rt.service("db"));
                scope.cancel();
            }
            assertThat(ProcessHandle.of(pid[0])).isPresent();
            assertThat(pid(rt.service("db"))).isEqualTo(pid[0]);
        }
    }

    @Test
    void closingTheActorEndsItsServices() {
        long pid;
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            pid = pid(rt.service("db"));
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void theOldIncarnationsPortalSaysItDied() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            Portal byName = rt.service("db");
            Portal direct = rt.findActor("db").orElseThrow();
            long first = pid(direct);
            ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> pid(byName) != first);
            assertThatThrownBy(() -> pid(direct)).isInstanceOf(ActorDied.class);
            assertThat(Set.of(pid(byName))).doesNotContain(first);
        }
    }
}
