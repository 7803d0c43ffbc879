package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.Limits;
import dev.tractor.testing.EchoServer;
import dev.tractor.testing.Feeds;
import dev.tractor.testing.Heap;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Observations;
import dev.tractor.testing.RawPeer;
import dev.tractor.testing.ServedActor;
import dev.tractor.testing.ServedActorExtension;
import dev.tractor.wire.Cmd;
import dev.tractor.wire.Credit;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Started;
import dev.tractor.wire.Yield;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Authenticated peers that ask for more than they take: one that grants huge credit but never reads, one that
 * pipelines calls whose answers it never reads, one that starts more tasks than its limit. Each holds back only
 * its own work, leaves the actor's heap within a few MiB of where it was, and a legitimate client is served
 * throughout.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FloodingPeerTests {

    static final String COOKIE = "flooding-peer-tests";
    static final int TASKS_PER_PEER = 8;
    static final int OUTBOUND_BYTES = 256 * 1024;
    static final Observations OBS = new Observations();
    @RegisterExtension
    static final ServedActorExtension ACTORS = ServedActorExtension.of(COOKIE,
            b -> b.limits(new Limits(TASKS_PER_PEER, OUTBOUND_BYTES)), Feeds.class, Observations.class);

    @Test
    void aReaderThatGrantsHugeCreditButNeverReadsHoldsItsProducerBack() throws Exception {
        long before = Heap.usedAfterGc();
        String key = "unread-" + System.nanoTime();
        try (RawPeer raw = new RawPeer(ACTORS.server().address())) {
            raw.handshake(COOKIE);
            Cmd stream = raw.cmd("feeds", "foreverBytes", Map.of("key", key, "size", 4096));
            raw.send(stream);
            raw.send(new Credit(stream.cid(), 1_000_000));
            Awaitility.await("the producer to be held back").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500)).until(new Steady(() -> OBS.count(key + ".produced")));
            long held = Heap.usedAfterGc() - before;
            assertThat(held).as("heap held while the producer waits: %s", Heap.mib(held)).isLessThan(16L << 20);
            long produced = OBS.count(key + ".produced");
            assertThat(produced).as("items produced (4 KiB each)").isLessThan(1_000_000 / 4);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> OBS.notes(key).size() > 0);
        long after = Heap.usedAfterGc();
        assertThat(after - before).as("heap growth %s", Heap.mib(after - before)).isLessThan(8L << 20);
    }

    @Test
    void answersThatAreNeverReadAreNotProduced() throws Exception {
        long before = Heap.usedAfterGc();
        long directBefore = Heap.nettyDirect();
        try (RawPeer raw = new RawPeer(ACTORS.server().address(), 64 * 1024)) {
            raw.handshake(COOKIE);
            for (int i = 0; i < TASKS_PER_PEER; i++) {
                raw.send(raw.cmd("calc", "range", Map.of("n", 1_000_000)));   // about 5 MiB each
                Thread.sleep(250);   // calls that come together all start; later ones wait for the reader
            }
            long held = Heap.usedAfterGc() - before + Heap.nettyDirect() - directBefore;
            assertThat(held).as("heap and direct memory held by answers nobody reads: %s", Heap.mib(held))
                    .isLessThan(16L << 20);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long after = Heap.usedAfterGc();
            assertThat(after - before).as("heap growth %s", Heap.mib(after - before)).isLessThan(8L << 20);
        });
    }

    @Test
    void tasksBeyondThePerPeerLimitAreRefusedNamingTheLimit() throws IOException {
        try (RawPeer raw = new RawPeer(ACTORS.server().address())) {
            raw.handshake(COOKIE);
            List<Cmd> sent = new ArrayList<>();
            for (int i = 0; i < TASKS_PER_PEER + 3; i++) {
                Cmd c = raw.cmd("calc", "sleep", Map.of("millis", 3_000));
                sent.add(c);
                raw.send(c);
            }
            List<ErrorMsg> refusals = new ArrayList<>();
            while (refusals.size() < 3) {
                Msg m = raw.read();
                if (m instanceof ErrorMsg e) {
                    refusals.add(e);
                }
            }
            assertThat(refusals).allSatisfy(e -> assertThat(e.box().message())
                    .contains("already has " + TASKS_PER_PEER + " tasks running")
                    .contains("tractor.limits.tasks-per-peer"));
            assertThat(refusals).extracting(ErrorMsg::cid)
                    .containsExactlyElementsOf(sent.subList(TASKS_PER_PEER, sent.size()).stream().map(Cmd::cid).toList());
        }
        // the other peer's own limit is untouched
        assertThat(ACTORS.healthy().run("calc", "square", Map.of("x", 3))).isEqualTo(9);
    }

    /**
     * Open contexts and streams count against {@code tasksPerPeer}: a peer that opens contexts and streams up to
     * the limit and leaves them open is refused the next one of either kind, with an error naming the limit and its
     * settings; each open one costs the actor a few KiB at most; the legitimate client is served meanwhile, and
     * the memory goes when the peer does.
     */
    @Test
    void contextsAndStreamsLeftOpenUpToThePerPeerLimitHoldBoundedMemoryAndTheNextIsRefused() throws Exception {
        int limit = 1_000;
        int streams = 100;
        String gate = "open-tasks-" + System.nanoTime();
        try (ServedActor actors = ServedActor.open(COOKIE, b -> b.limits(Limits.DEFAULTS.withTasksPerPeer(limit)),
                EchoServer.class, Feeds.class, Observations.class)) {
            actors.assertServed();
            long before = Heap.usedAfterGc();
            try (RawPeer raw = new RawPeer(actors.server().address())) {
                raw.handshake(COOKIE);
                for (int first = 0; first < limit; first += 100) {
                    java.util.Set<String> waiting = new java.util.HashSet<>();
                    for (int i = first; i < first + 100; i++) {
                        Cmd c = i < limit - streams
                                ? raw.cmd("echo", "startThenWait", Map.of("value", "v", "key", gate))
                                : raw.cmd("feeds", "gated", Map.of("key", gate, "before", 1, "after", 1));
                        waiting.add(c.cid());
                        raw.send(c);
                    }
                    while (!waiting.isEmpty()) {  // each is open once its started value or first item came
                        Msg m = raw.read();
                        assertThat(m).as("an answer while under the limit").isNotInstanceOf(ErrorMsg.class);
                        if (m instanceof Started || m instanceof Yield) {
                            waiting.remove(m.cid());
                        }
                    }
                }
                long held = Heap.usedAfterGc() - before;
                assertThat(held).as("%s held by %d open contexts and streams", Heap.mib(held), limit)
                        .isLessThan(limit * 16L * 1024);

                Cmd context = raw.cmd("echo", "startThenWait", Map.of("value", "v", "key", gate));
                Cmd stream = raw.cmd("feeds", "gated", Map.of("key", gate, "before", 1, "after", 1));
                raw.send(context);
                raw.send(stream);
                List<ErrorMsg> refusals = new ArrayList<>();
                while (refusals.size() < 2) {
                    if (raw.read() instanceof ErrorMsg e) {
                        refusals.add(e);
                    }
                }
                assertThat(refusals).extracting(ErrorMsg::cid).containsExactly(context.cid(), stream.cid());
                assertThat(refusals).allSatisfy(e -> assertThat(e.box().message())
                        .contains("already has " + limit + " tasks running")
                        .contains("tractor.limits.tasks-per-peer").contains("Limits.tasksPerPeer"));
                actors.assertServed();
            } finally {
                new Observations().open(gate);
            }
            Awaitility.await("the memory of the peer's tasks to go").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Heap.usedAfterGc() - before < (6L << 20));
            actors.assertServed();
        }
    }

    /** True once the value has not changed since the previous poll. */
    private static final class Steady implements java.util.concurrent.Callable<Boolean> {
        private final java.util.function.LongSupplier value;
        private long last = -1;

        Steady(java.util.function.LongSupplier value) {
            this.value = value;
        }

        @Override
        public Boolean call() {
            long now = value.getAsLong();
            boolean steady = now == last && now > 0;
            last = now;
            return steady;
        }
    }
}
