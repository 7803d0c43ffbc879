package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorDied;
import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.Heartbeat;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.Calc;
import dev.tractor.testing.EchoServer;
import dev.tractor.testing.Feeds;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Observations;
import dev.tractor.testing.Programs;
import dev.tractor.testing.RootProcess;
import dev.tractor.testing.RootProgramMain;
import dev.tractor.testing.Signals;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Heartbeats: a peer that is alive but silent (its process stopped with SIGSTOP) is treated as gone within the
 * tolerance — calls, streams and contexts waiting on a stopped child fail with {@link ActorDied} saying so and the
 * nursery reaps the child; the children of a stopped parent exit; lookups through a stopped registrar fail
 * clearly. A connection that is merely idle stays up.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HeartbeatTests {

    static final Duration INTERVAL = Duration.ofMillis(250);
    static final Duration TOLERANCE = Duration.ofSeconds(2);
    static final long DEADLINE_MS = TOLERANCE.toMillis() + 1_000;
    static final List<String> HEARTBEAT_PROPERTIES = List.of("-Dtractor.heartbeat.interval=250ms",
            "-Dtractor.heartbeat.tolerance=2s");

    private static TractorConfig.Builder config(String name) {
        return TractorConfig.builder().name(name).registry("127.0.0.1", 0).heartbeat(new Heartbeat(INTERVAL, TOLERANCE))
                .enableModules(Calc.class, Feeds.class, EchoServer.class, Observations.class);
    }

    private static long pidOf(Portal portal) {
        return ((Number) portal.run("self", "status", Map.of(), Map.class).get("pid")).longValue();
    }

    @Test
    void anIdleConnectionStaysUpWellBeyondTheTolerance() throws InterruptedException {
        try (ActorRuntime root = Tractor.openRoot(config("root").build()); ActorNursery n = root.openNursery()) {
            Portal child = n.startActor("idle");
            Thread.sleep(TOLERANCE.toMillis() * 3);
            assertThat(child.run("calc", "square", Map.of("x", 5))).isEqualTo(25);
        }
    }

    @Test
    void callsStreamsAndContextsOnAStoppedChildFailWithinTheToleranceAndTheNurseryReapsIt() throws Exception {
        try (ActorRuntime root = Tractor.openRoot(config("root").build())) {
            ActorNursery n = root.openNursery();
            Portal child = n.startActor("frozen");
            long pid = pidOf(child);
            CompletableFuture<Object> call = CompletableFuture.supplyAsync(
                    () -> child.run("calc", "sleep", Map.of("millis", 60_000)));
            ReceiveStream<Long> stream = child.openStreamFrom("feeds", "forever", Map.of("key", "hb"), Long.class);
            stream.receive();
            ContextHandle ctx = child.openContext("echo", "startThenWait", Map.of("value", "v", "key", "hb"));
            assertThat(ctx.started()).isEqualTo("v");

            Signals.stop(pid);
            long stoppedAt = System.currentTimeMillis();
            try {
                assertThatThrownBy(() -> call.get(DEADLINE_MS + 2_000, TimeUnit.MILLISECONDS))
                        .hasCauseInstanceOf(ActorDied.class)
                        .cause().hasMessageContaining("stopped answering (suspected dead) during calc.sleep")
                        .hasMessageContaining("no heartbeat for")
                        .hasMessageContaining("last sign of life at")
                        .satisfies(died -> assertLastSignOfLifeNear(died.getMessage(), stoppedAt));
                long failedAfter = System.currentTimeMillis() - stoppedAt;
                assertThat(failedAfter).as("the call failed %d ms after the stop", failedAfter).isLessThan(DEADLINE_MS);
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 1_000_000; i++) {
                        stream.receive();
                    }
                }).isInstanceOf(ActorDied.class).hasMessageContaining("no heartbeat");
                assertThatThrownBy(ctx::result).isInstanceOf(ActorDied.class).hasMessageContaining("no heartbeat");
            } finally {
                stream.close();
                ctx.close();
                long reaping = System.currentTimeMillis();
                try {
                    n.close();
                } catch (TractorException lostChild) {
                    // a nursery may report the child it lost; either way it must reap it
                }
                assertThat(RootProcess.alive(pid)).as("the stopped child was killed").isFalse();
                assertThat(System.currentTimeMillis() - reaping).isLessThan(15_000);
            }
        }
    }

    /**
     * The time an {@link ActorDied} for a silent peer gives as its last sign of life is when the peer was stopped:
     * its last ping came at most an interval (plus scheduling) before the stop.
     */
    private static void assertLastSignOfLifeNear(String message, long stoppedAtMillis) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("last sign of life at (\\S+?)\\)")
                .matcher(message);
        assertThat(m.find()).as("a time in: %s", message).isTrue();
        long lastSign = java.time.Instant.parse(m.group(1)).toEpochMilli();
        assertThat(lastSign).as("last sign of life, against the stop at %d", stoppedAtMillis)
                .isBetween(stoppedAtMillis - INTERVAL.toMillis() - 1_500, stoppedAtMillis + 500);
    }

    @Test
    void theChildrenOfAStoppedParentExit() throws Exception {
        try (RootProcess tree = RootProcess.start(Duration.ofSeconds(1), HEARTBEAT_PROPERTIES)) {
            long[] pids = tree.awaitPids(Duration.ofSeconds(60));
            Signals.stop(pids[0]);
            try {
                Awaitility.await("the child and grandchild of a stopped root to exit")
                        .atMost(Duration.ofMillis(DEADLINE_MS + 4_000)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !RootProcess.alive(pids[1]) && !RootProcess.alive(pids[2]));
            } finally {
                Signals.resume(pids[0]);
            }
        }
    }

    @Test
    void lookupsThroughAStoppedRegistrarFailClearly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Programs.Program registrar = Programs.start(HEARTBEAT_PROPERTIES, RootProgramMain.class,
                Integer.toString(port), "heartbeat-cookie", "calc")) {
            assertThat(registrar.awaitLine("READY", 60)).startsWith("READY true");
            try (ActorRuntime second = Tractor.openRoot(config("second").registry("127.0.0.1", port)
                    .cookie("heartbeat-cookie").build())) {
                assertThat(second.findActor("calc")).isPresent();
                Signals.stop(registrar.process().pid());
                try {
                    long stoppedAt = System.currentTimeMillis();
                    CompletableFuture<Portal> waiting = CompletableFuture.supplyAsync(
                            () -> second.waitForActor("never-registered", Duration.ofSeconds(60)));
                    assertThatThrownBy(() -> waiting.get(DEADLINE_MS + 2_000, TimeUnit.MILLISECONDS))
                            .cause().isInstanceOf(TractorException.class).hasMessageContaining("no heartbeat");
                    assertThat(System.currentTimeMillis() - stoppedAt).isLessThan(DEADLINE_MS);
                    assertThatThrownBy(() -> second.findActor("calc")).isInstanceOf(TractorException.class)
                            .hasMessageContaining("registrar");
                } finally {
                    Signals.resume(registrar.process().pid());
                }
            }
        }
    }

    @Test
    void heartbeatSettingsAreValidated() {
        assertThatThrownBy(() -> new Heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least three intervals");
        assertThat(new Heartbeat(Duration.ofMillis(200), Duration.ofSeconds(1)).tolerance()).hasSeconds(1);
    }

}
