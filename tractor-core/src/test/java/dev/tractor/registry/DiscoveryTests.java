package dev.tractor.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.AuthenticationFailed;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.runtime.Actor;
import dev.tractor.testing.Calc;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Programs;
import dev.tractor.testing.RootProgramMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Finding actors by name through the registrar, within one tree and across independent root programs. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DiscoveryTests {

    private static final String COOKIE = "discovery-tests";

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static TractorConfig.Builder config(String name, int registryPort) {
        return TractorConfig.builder().name(name).enableModules(Calc.class).cookie(COOKIE)
                .registry("127.0.0.1", registryPort).cancelGracePeriod(Duration.ofSeconds(2));
    }

    @Test
    void theFirstRootIsTheRegistrarAndFindsItsChildrenByName() {
        try (ActorRuntime root = Tractor.openRoot(config("root", 0).build()); ActorNursery n = root.openNursery()) {
            assertThat(root.isRegistrar()).isTrue();
            Portal spawned = n.startActor("worker");
            Portal found = root.findActor("worker").orElseThrow();
            assertThat(found.uid()).isEqualTo(spawned.uid());
            assertThat(found.run("calc", "square", Map.of("x", 4))).isEqualTo(16);
            assertThat(root.findActor("nobody")).isEmpty();
        }
    }

    @Test
    void aSecondRootProgramFindsAnActorSpawnedByTheFirstAndCallsItDirectly() throws Exception {
        int port = freePort();
        try (Programs.Program first = Programs.start(RootProgramMain.class, Integer.toString(port), COOKIE, "calc")) {
            assertThat(first.awaitLine("READY", 60)).startsWith("READY true");
            try (ActorRuntime second = Tractor.openRoot(config("second", port).build());
                 ActorNursery n = second.openNursery()) {
                assertThat(second.isRegistrar()).isFalse();
                Portal calc = second.findActor("calc").orElseThrow();
                assertThat(calc.run("calc", "square", Map.of("x", 9))).isEqualTo(81);
                assertThat(calc.run("calc", "whoami", Map.of())).isEqualTo("calc");

                n.startActor("helper");
                @SuppressWarnings("unchecked")
                Map<String, Object> all = ((Actor) second).registry();
                assertThat(all).containsKeys("program", "calc", "second", "helper");
            }
        }
    }

    @Test
    void aRootOnAnotherAddressJoinsTheRegistrarByAddressWithTheSharedCookie() {
        try (ActorRuntime a = Tractor.openRoot(config("host-a", 0).build());
             ActorRuntime b = Tractor.openRoot(config("host-b", a.address().port()).bindHost("127.0.0.2").build());
             ActorNursery n = b.openNursery()) {
            assertThat(b.address().host()).isEqualTo("127.0.0.2");
            n.startActor("remote-worker");
            Portal found = a.findActor("remote-worker").orElseThrow();
            assertThat(found.run("calc", "square", Map.of("x", 12))).isEqualTo(144);
            String childAddress = (String) found.run("self", "status", Map.of(), Map.class).get("address");
            assertThat(childAddress).startsWith("tcp://127.0.0.2:");
        }
    }

    @Test
    void waitForActorReturnsOnceALaterActorRegisters() throws Exception {
        try (ActorRuntime root = Tractor.openRoot(config("root", 0).build()); ActorNursery n = root.openNursery()) {
            CompletableFuture<Portal> waiting = CompletableFuture.supplyAsync(
                    () -> root.waitForActor("late", Duration.ofSeconds(30)));
            Thread.sleep(200);
            assertThat(waiting).isNotDone();
            Portal late = n.startActor("late");
            Portal found = waiting.get(30, TimeUnit.SECONDS);
            assertThat(found.uid()).isEqualTo(late.uid());
            assertThat(found.run("calc", "whoami", Map.of())).isEqualTo("late");
        }
    }

    @Test
    void waitForActorTimesOutWithAClearError() {
        try (ActorRuntime root = Tractor.openRoot(config("root", 0).build())) {
            assertThatThrownBy(() -> root.waitForActor("never", Duration.ofMillis(300)))
                    .isInstanceOf(TractorException.class).hasMessageContaining("no actor named 'never'");
        }
    }

    @Test
    void waitForActorThroughANonRegistrarRootTimesOutAndCancelsItsWait() throws Exception {
        try (ActorRuntime registrar = Tractor.openRoot(config("registrar", 0).build());
             ActorRuntime other = Tractor.openRoot(config("other", registrar.address().port()).build())) {
            assertThatThrownBy(() -> other.waitForActor("never", Duration.ofMillis(300)))
                    .isInstanceOf(TractorException.class).hasMessageContaining("no actor named 'never'");
            try (ActorNursery n = registrar.openNursery()) {
                CompletableFuture<Portal> waiting = CompletableFuture.supplyAsync(
                        () -> other.waitForActor("late", Duration.ofSeconds(30)));
                n.startActor("late");
                assertThat(waiting.get(30, TimeUnit.SECONDS).run("calc", "whoami", Map.of())).isEqualTo("late");
            }
        }
    }

    @Test
    void anActorThatEndedIsNeverFoundAgain() {
        try (ActorRuntime root = Tractor.openRoot(config("root", 0).build()); ActorNursery n = root.openNursery()) {
            Portal gone = n.startActor("gone");
            assertThat(root.findActor("gone")).isPresent();
            gone.cancelActor();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> root.findActor("gone").isEmpty());
        }
    }

    @Test
    void aKilledActorIsDroppedFromTheRegistry() throws Exception {
        try (ActorRuntime root = Tractor.openRoot(config("root", 0).build()); ActorNursery n = root.openNursery()) {
            Portal victim = n.startActor("victim");
            long pid = ((Number) victim.run("self", "status", Map.of(), Map.class).get("pid")).longValue();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> root.findActor("victim").isEmpty());
            assertThatThrownBy(n::close).isInstanceOf(dev.tractor.ActorDied.class);
        }
    }

    @Test
    void severalActorsWithOneNameRegisterIndependentlyAndFindReturnsTheNewest() {
        try (ActorRuntime root = Tractor.openRoot(config("root", 0).build()); ActorNursery n = root.openNursery()) {
            Portal older = n.startActor("twin");
            Portal newer = n.startActor("twin");
            assertThat(older.uid()).isNotEqualTo(newer.uid());
            assertThat(root.findActor("twin").orElseThrow().uid()).isEqualTo(newer.uid());
            newer.cancelActor();
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> root.findActor("twin").map(Portal::uid).equals(Optional.of(older.uid())));
        }
    }

    @Test
    void aRootWithTheWrongCookieCannotJoinTheRegistrar() {
        try (ActorRuntime registrar = Tractor.openRoot(config("registrar", 0).build())) {
            TractorConfig wrong = config("intruder", registrar.address().port()).cookie("not-the-cookie").build();
            assertThatThrownBy(() -> Tractor.openRoot(wrong))
                    .isInstanceOf(AuthenticationFailed.class).hasMessageContaining("same cookie");
        }
    }

    @Test
    void whenTheRegistrarIsKilledOtherRootsKeepTheirTreesAndLookupsFailClearly() throws Exception {
        afterTheRegistrarIsKilled((port, second, mine) -> {
            assertThat(mine.run("calc", "square", Map.of("x", 3))).isEqualTo(9);
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> second.findActor("mine"))
                            .isInstanceOf(TractorException.class)
                            .hasMessageContaining("registrar at tcp://127.0.0.1:" + port + " is unreachable"));
        });
    }

    /**
     * A lookup waiting on a registrar that went silent (stopped, its connection still open) ends each way it can: on
     * its own after the lookup's answer timeout, naming the registrar, and at once when its thread is interrupted,
     * keeping the interrupt.
     */
    @Test
    void aLookupOnASilentRegistrarEndsByItsTimeoutOrAtOnceWhenInterrupted() throws Exception {
        int port = freePort();
        try (Programs.Program first = Programs.start(RootProgramMain.class, Integer.toString(port), COOKIE, "calc")) {
            first.awaitLine("READY", 60);
            try (ActorRuntime second = Tractor.openRoot(config("second", port).build())) {
                assertThat(second.findActor("calc")).isPresent();
                dev.tractor.testing.Signals.stop(first.process().pid());
                try {
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> second.findActor("calc")).isInstanceOf(TractorException.class)
                            .hasMessageContaining("registrar at tcp://127.0.0.1:" + port)
                            .hasMessageContaining("did not answer findActor within 2000 ms");
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

                    CompletableFuture<Object> interrupted = new CompletableFuture<>();
                    Thread looking = Thread.ofVirtual().start(() -> {
                        try {
                            second.findActor("calc");
                            interrupted.complete("answered");
                        } catch (RuntimeException e) {
                            interrupted.complete(Thread.currentThread().isInterrupted() ? e : "interrupt lost: " + e);
                        }
                    });
                    Thread.sleep(300);
                    long t1 = System.nanoTime();
                    looking.interrupt();
                    assertThat(interrupted.get(1, TimeUnit.SECONDS)).isInstanceOf(TractorException.class);
                    assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(1));
                } finally {
                    dev.tractor.testing.Signals.resume(first.process().pid());
                }
            }
        }
    }

    private interface AfterRegistrarKilled {
        void run(int port, ActorRuntime second, Portal mine) throws Exception;
    }

    /**
     * A registrar program with a child, a second root of this test's with a child "mine" registered there; then the
     * registrar is killed (SIGKILL) and {@code then} runs.
     */
    private static void afterTheRegistrarIsKilled(AfterRegistrarKilled then) throws Exception {
        int port = freePort();
        try (Programs.Program first = Programs.start(RootProgramMain.class, Integer.toString(port), COOKIE, "calc")) {
            first.awaitLine("READY", 60);
            try (ActorRuntime second = Tractor.openRoot(config("second", port).build());
                 ActorNursery n = second.openNursery()) {
                Portal mine = n.startActor("mine");
                first.process().destroyForcibly();
                assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
                then.run(port, second, mine);
            }
        }
    }

    @Test
    void aRestartedRegistrarLearnsEveryLiveActorAgainWithoutAnyOfThemBeingAsked() throws Exception {
        afterTheRegistrarIsKilled((port, second, mine) -> {
            try (Programs.Program restarted = Programs.start(RootProgramMain.class, Integer.toString(port),
                    COOKIE, "calc")) {
                assertThat(restarted.awaitLine("READY", 60)).contains("READY true");
                // an observer of its own asks the new registrar; "second" and "mine" make no call at all
                try (ActorRuntime observer = Tractor.openRoot(config("observer", port).build())) {
                    long t0 = System.nanoTime();
                    Awaitility.await("both to register again").atMost(Duration.ofSeconds(10))
                            .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
                                    observer.findActor("mine").map(Portal::uid).equals(Optional.of(mine.uid()))
                                            && observer.findActor("second").map(Portal::uid)
                                            .equals(Optional.of(second.uid())));
                    System.out.printf("registered again within %d ms of the observer's first lookup%n",
                            Duration.ofNanos(System.nanoTime() - t0).toMillis());
                    assertThat(mine.run("calc", "square", Map.of("x", 4))).isEqualTo(16);
                }
            }
        });
    }
}
