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

    /**
     * The issue's own scale: 40 streams of 4 KiB items on one connection whose socket is never read, each granted a
     * credit of 1,000,000, against an actor with default limits (what they could claim is 160 GB). Every producer is
     * held back: the actor holds a few MiB beyond its outbound buffer (1 MiB), the legitimate client is served while
     * the streams stand, and the heap goes when the peer does. The bound counts Netty's direct memory, which includes
     * the chunks its allocator keeps for reuse: 7.2 to 12.4 MiB were measured, of which 6.6 to 6.8 MiB of direct
     * memory stayed with the allocator after the peer had gone, so the bound leaves room for that.
     */
    @Test
    void fortyStreamsGrantedHugeCreditOnASocketThatIsNeverReadHoldBoundedMemory() throws Exception {
        int streams = 40;
        String key = "forty-unread-" + System.nanoTime();
        try (ServedActor actors = ServedActor.open(COOKIE, b -> b, Feeds.class, Observations.class)) {
            actors.assertServed();
            long before = Heap.usedAfterGc();
            long directBefore = Heap.nettyDirect();
            try (RawPeer raw = new RawPeer(actors.server().address(), 64 * 1024)) {
                raw.handshake(COOKIE);
                for (int i = 0; i < streams; i++) {
                    Cmd stream = raw.cmd("feeds", "foreverBytes", Map.of("key", key + "-" + i, "size", 4096));
                    raw.send(stream);
                    raw.send(new Credit(stream.cid(), 1_000_000));
                }
                Awaitility.await("every producer to be held back").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(500)).until(new Steady(() -> produced(key, streams)));
                actors.assertServed();
                long held = Heap.usedAfterGc() - before + Heap.nettyDirect() - directBefore;
                assertThat(held).as("heap and direct memory held by %d unread streams: %s", streams, Heap.mib(held))
                        .isLessThan(Limits.DEFAULTS.outboundBufferBytes() + (20L << 20));
                assertThat(produced(key, streams)).as("items produced (4 KiB each) for %d streams", streams)
                        .isLessThan(streams * 1_000L);
            }
            Awaitility.await("every stream to be closed").atMost(Duration.ofSeconds(10))
                    .until(() -> java.util.stream.IntStream.range(0, streams)
                            .allMatch(i -> !OBS.notes(key + "-" + i).isEmpty()));
            Awaitility.await("the memory to go").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Heap.usedAfterGc() - before < (6L << 20));
            actors.assertServed();
        }
    }

    private static long produced(String key, int streams) {
        long sum = 0;
        for (int i = 0; i < streams; i++) {
            sum += OBS.count(key + "-" + i + ".produced");
        }
        return sum;
    }

    /**
     * The issue's own scale: 100 pipelined {@code self.registry} calls on a socket that is never read, against a
     * registrar with default limits whose listing takes about 3.5 MiB (so 100 answers would take 350 MiB). The
     * answers beyond what the connection can hold are not produced (a peer's listings are produced one at a time,
     * each after the one before has been written to the socket): the actor holds less than 10 MiB beyond its
     * outbound buffer (one answer waiting to be written and the allocator's chunks; 6.8 to 6.9 MiB measured), the
     * legitimate client is served, and the waiting calls go when the peer does.
     */
    @Test
    void pipelinedRegistryCallsWhoseAnswersAreNeverReadAreNotProducedUnderDefaultLimits() throws Exception {
        int calls = 100;
        try (ServedActor actors = ServedActor.open(COOKIE, b -> b)) {
            dev.tractor.registry.Registrar registrar = registrarOf(actors.server());
            // entries put straight into the registrar: registering 8,000 live actors would take minutes
            String padding = "n".repeat(180);
            for (int i = 0; i < 8_000; i++) {
                registrar.register(dev.tractor.ActorUid.random(String.format("%s-%05d", padding, i)),
                        dev.tractor.Address.tcp("127.0.0.1", 10_000 + i), new Object());
            }
            actors.assertServed();
            long before;
            long directBefore;
            try (RawPeer raw = new RawPeer(actors.server().address(), 64 * 1024)) {
                raw.handshake(COOKIE);
                Msg first = null;
                Cmd probe = raw.cmd("self", "registry", Map.of());
                raw.send(probe);
                while (first == null) {   // one answer read, to know its size
                    Msg m = raw.read();
                    if (m.cid() != null && m.cid().equals(probe.cid()) && !(m instanceof dev.tractor.wire.Functype)) {
                        first = m;
                    }
                }
                assertThat(first).as("a whole listing").isInstanceOf(dev.tractor.wire.Return.class);
                assertThat((Map<?, ?>) ((dev.tractor.wire.Return) first).value()).hasSize(8_001);   // the server and the 8,000
                first = null;   // the probe's answer, decoded here, is no part of what the actor holds
                before = Heap.usedAfterGc();
                directBefore = Heap.nettyDirect();
                for (int i = 0; i < calls; i++) {
                    raw.send(raw.cmd("self", "registry", Map.of()));
                }
                Thread.sleep(3_000);   // time for answers that would be produced to pile up
                actors.assertServed();
                long held = Heap.usedAfterGc() - before + Heap.nettyDirect() - directBefore;
                assertThat(held).as("heap and direct memory held by %d unread registry answers: %s", calls,
                        Heap.mib(held)).isLessThan(Limits.DEFAULTS.outboundBufferBytes() + (10L << 20));
            }
            Awaitility.await("the memory to go").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Heap.usedAfterGc() - before < (6L << 20));
            actors.assertServed();
        }
    }

    /**
     * Listings a peer pipelines and does read are all answered, in turn: each listing's turn passes to the next
     * once its answer is written, whether the answer is a listing or an error (arguments that do not bind).
     */
    @Test
    void pipelinedRegistryListingsThatAreReadAreAllAnsweredIncludingFailedOnes() throws Exception {
        try (RawPeer raw = new RawPeer(ACTORS.server().address())) {
            raw.handshake(COOKIE);
            Map<String, Class<? extends Msg>> expected = new java.util.HashMap<>();
            for (int i = 0; i < TASKS_PER_PEER - 2; i++) {   // all of them tasks at once, within the peer's limit
                Cmd cmd = switch (i % 3) {
                    case 0 -> raw.cmd("self", "registry", Map.of());
                    case 1 -> raw.cmd("self", "registryPage", Map.of("after", "", "maxBytes", 64 * 1024));
                    default -> raw.cmd("self", "registryPage", Map.of("after", "", "maxBytes", "not a number"));
                };
                expected.put(cmd.cid(), i % 3 == 2 ? ErrorMsg.class : dev.tractor.wire.Return.class);
                raw.send(cmd);
            }
            Map<String, Class<? extends Msg>> answered = new java.util.HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (answered.size() < expected.size() && System.nanoTime() < deadline) {   // a read waits 5 s at most
                Msg m = raw.read();
                if (m instanceof dev.tractor.wire.Return || m instanceof ErrorMsg) {
                    answered.put(m.cid(), m.getClass());
                }
            }
            assertThat(answered).isEqualTo(expected);
        }
    }

    /**
     * A cmd frame of under 200 bytes whose kwargs hold a msgpack string, binary, array or map header claiming 64
     * MiB, sent again and again by an authenticated peer (a new connection each time, since the actor hangs up on
     * it): each is refused with a {@code ProtocolError} saying the frame is truncated, nothing near the claimed
     * length is allocated (all threads of this JVM allocate less than 4 MiB per attempt, against 64 MiB claimed),
     * the heap does not grow, a log line names the peer, and the legitimate client is served after every attempt.
     */
    @Test
    void framesWhoseMsgpackHeadersClaim64MiBAreRefusedWithoutAllocatingAndTheLegitimateClientIsServed()
            throws Exception {
        int attempts = 120;
        byte[][] headers = {
            {(byte) 0xdb, 0x04, 0, 0, 0},   // str 32, 64 MiB
            {(byte) 0xc6, 0x04, 0, 0, 0},   // bin 32
            {(byte) 0xdd, 0x04, 0, 0, 0},   // array 32, 64 Mi elements
            {(byte) 0xdf, 0x04, 0, 0, 0},   // map 32
        };
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = Heap.usedAfterGc();
        try (dev.tractor.testing.CapturedLogs logs = new dev.tractor.testing.CapturedLogs()) {
            long allocatedBefore = threads.getTotalThreadAllocatedBytes();
            String lastPeer = null;
            for (int i = 0; i < attempts; i++) {
                try (RawPeer raw = new RawPeer(ACTORS.server().address())) {
                    raw.handshake(COOKIE);
                    byte[] frame = lyingFrame(raw.cmd("calc", "square", Map.of("x", "P".repeat(20))),
                            headers[i % headers.length]);
                    assertThat(frame.length).isLessThan(200);
                    raw.sendFrame(frame);
                    Msg answer = raw.read();
                    assertThat(answer).isInstanceOfSatisfying(ErrorMsg.class, e -> {
                        assertThat(e.box().type()).isEqualTo(dev.tractor.ProtocolError.class.getName());
                        assertThat(e.box().message()).contains("truncated");
                    });
                    assertThat(raw.closedByPeer()).as("the actor hung up on a framing violation").isTrue();
                    lastPeer = raw.uid().toString();
                }
                assertThat(ACTORS.healthy().run("calc", "square", Map.of("x", i))).isEqualTo(i * i);
            }
            long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
            assertThat(allocated / attempts).as("bytes allocated per attempt (%s in all)", Heap.mib(allocated))
                    .isLessThan(4L << 20);
            String peer = lastPeer;
            Awaitility.await("the last refusal's log line").atMost(Duration.ofSeconds(5))
                    .until(() -> logs.containing("truncated").stream().anyMatch(l -> l.contains(peer)));
            assertThat(logs.containing("truncated")).allSatisfy(line -> assertThat(line)
                    .contains("closing connection to actor raw[").contains(" at 127.0.0.1:"));
        }
        long after = Heap.usedAfterGc();
        assertThat(after - before).as("heap growth %s", Heap.mib(after - before)).isLessThan(6L << 20);
    }

    /** {@code cmd} encoded, with its 20-character placeholder string's header replaced by {@code header}. */
    static byte[] lyingFrame(Cmd cmd, byte[] header) {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        dev.tractor.wire.MsgCodec.encode(cmd, buf);
        byte[] body = new byte[buf.readableBytes()];
        buf.readBytes(body);
        byte[] placeholder = new byte[21];
        placeholder[0] = (byte) (0xa0 | 20);   // fixstr of 20 bytes
        java.util.Arrays.fill(placeholder, 1, 21, (byte) 'P');
        int at = indexOf(body, placeholder);
        assertThat(at).as("the placeholder in the encoded cmd").isNotNegative();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(body, 0, at);
        out.writeBytes(header);
        out.write(body, at + 1, body.length - at - 1);   // the rest follows, far short of the claim
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The registrar of an actor that is one (reached by reflection: the test fills it without live actors). */
    static dev.tractor.registry.Registrar registrarOf(dev.tractor.ActorRuntime actor) throws ReflectiveOperationException {
        java.lang.reflect.Field registry = dev.tractor.runtime.Actor.class.getDeclaredField("registry");
        registry.setAccessible(true);
        Object part = registry.get(actor);
        java.lang.reflect.Field registrar = part.getClass().getDeclaredField("registrar");
        registrar.setAccessible(true);
        return (dev.tractor.registry.Registrar) registrar.get(part);
    }

    @Test
    void tasksBeyondThePerPeerLimitAreRefusedNamingTheLimit() throws IOException {
        try (RawPeer raw = new RawPeer(ACTORS.server().address());
             dev.tractor.testing.CapturedLogs logs = new dev.tractor.testing.CapturedLogs()) {
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
            assertThat(logs.containing("tasks running, the limit per peer")).as("one line per refusal").hasSize(3)
                    .allSatisfy(line -> assertThat(line).contains("refused calc.sleep from actor " + raw.uid()
                            + " at " + raw.peerName() + ": " + TASKS_PER_PEER + " tasks running"));
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
