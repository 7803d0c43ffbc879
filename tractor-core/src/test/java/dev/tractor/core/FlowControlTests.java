package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.RemoteTasks;
import dev.tractor.testing.SharedChild;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stream flow control (credit windows) between a root and one real child JVM. */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlowControlTests {

    static final int WINDOW = 256;

    static SharedChild shared;
    static ActorRuntime root;
    static Portal child;

    @BeforeAll
    static void startChild() {
        shared = SharedChild.start(SharedChild.streamConfig().build(), "flow");
        root = shared.root();
        child = shared.child();
    }

    @AfterAll
    static void stop() {
        shared.close();
    }

    /** Every test leaves the child with no task running and the root with no call waiting. */
    @AfterEach
    void nothingLeftRunning() {
        shared.assertIdle();
    }

    private static long count(Portal actor, String key) {
        return actor.run("obs", "count", Map.of("key", key), Long.class);
    }

    /**
     * The counter {@code key} in the child once it has stopped growing: polled until it has not changed for
     * {@code quiet} (bounded); the producer behind it is then waiting for credit.
     */
    private static long countOnceItStops(String key, Duration quiet) {
        AtomicLong last = new AtomicLong(-1);
        AtomicLong changedAt = new AtomicLong(System.nanoTime());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25)).until(() -> {
            long now = count(child, key);
            if (now != last.getAndSet(now)) {
                changedAt.set(System.nanoTime());
                return false;
            }
            return System.nanoTime() - changedAt.get() >= quiet.toNanos();
        });
        return last.get();
    }

    @Test
    void theDefaultWindowIs256AndSendBlocksWhileItIsUsedUp() throws Exception {
        assertThat(TractorConfig.builder().build().streamWindow()).isEqualTo(WINDOW);
        String key = UUID.randomUUID().toString();
        int total = 1000;
        try (ContextHandle ctx = child.openContext("echo", "readAfterGate", Map.of("key", key))) {
            ctx.started();
            MsgStream<Object> s = ctx.openStream(Object.class);
            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Throwable> raised = new AtomicReference<>();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        s.send(i);
                        sent.incrementAndGet();
                    }
                } catch (Throwable t) {
                    raised.set(t);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() == WINDOW
                    && sender.getState() == Thread.State.WAITING);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sent.get() == WINDOW);

            child.run("obs", "open", Map.of("key", key));
            assertThat(sender.join(Duration.ofSeconds(10))).isTrue();
            assertThat(raised.get()).isNull();
            assertThat(sent.get()).isEqualTo(total);
            s.close();
            assertThat(ctx.result(Integer.class)).isEqualTo(total);
        }
    }

    @Test
    void aSlowConsumerHoldsBackOnlyItsOwnProducerAndItsBacklogStaysBounded() throws Exception {
        String key = UUID.randomUUID().toString();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        AtomicLong maxAhead = new AtomicLong();
        AtomicReference<Throwable> slowError = new AtomicReference<>();
        Thread slow = Thread.ofVirtual().start(() -> {
            try (ReceiveStream<Long> s = child.openStreamFrom("feeds", "forever", Map.of("key", key), Long.class)) {
                while (!stop.get()) {
                    assertThat(s.receive()).isEqualTo(received.get());
                    long n = received.incrementAndGet();
                    if (n % 5 == 0) {
                        maxAhead.accumulateAndGet(count(child, key + ".produced") - n, Math::max);
                    }
                    Thread.sleep(10);
                }
            } catch (Throwable t) {
                slowError.set(t);
            }
        });
        // the slow producer fills its window, then waits for the slow consumer
        await().atMost(Duration.ofSeconds(10)).until(() -> maxAhead.get() >= WINDOW - 10);

        int fastItems = 50_000;
        long t0 = System.nanoTime();
        long fastCount = 0;
        try (ReceiveStream<Integer> fast = child.openStreamFrom("feeds", "count", Map.of("to", fastItems), Integer.class)) {
            for (int x : fast) {
                assertThat(x).isEqualTo((int) fastCount);
                fastCount++;
            }
        }
        Duration fastTook = Duration.ofNanos(System.nanoTime() - t0);
        long slowReceivedMeanwhile = received.get();
        stop.set(true);
        assertThat(slow.join(Duration.ofSeconds(10))).isTrue();

        assertThat(slowError.get()).isNull();
        assertThat(fastCount).isEqualTo(fastItems);
        assertThat(fastTook).isLessThan(Duration.ofSeconds(15));
        // the slow stream was still being consumed slowly when the fast one had finished
        assertThat(slowReceivedMeanwhile).isLessThan(fastItems / 10);
        assertThat(maxAhead.get()).isBetween((long) WINDOW - 10, (long) WINDOW + 2);
        assertThat(count(child, key + ".produced")).isLessThanOrEqualTo(received.get() + WINDOW + 2);
        assertThat(count(child, key + ".closed")).isOne();
    }

    @Test
    void aConfiguredWindowBoundsTheProducerOnBothSides() throws Exception {
        int window = 8;
        try (ActorRuntime small = Tractor.openRoot(SharedChild.streamConfig().name("small").streamWindow(window).build());
             ActorNursery n = small.openNursery()) {
            Portal p = n.startActor("small-window");
            String key = UUID.randomUUID().toString();
            try (ReceiveStream<Long> s = p.openStreamFrom("feeds", "forever", Map.of("key", key), Long.class)) {
                for (long i = 0; i < 100; i++) {
                    assertThat(s.receive()).isEqualTo(i);
                    Thread.sleep(2);
                    assertThat(count(p, key + ".produced")).isLessThanOrEqualTo(i + 1 + window);
                }
            }
            try (ContextHandle ctx = p.openContext("echo", "readAfterGate", Map.of("key", key))) {
                MsgStream<Object> s = ctx.openStream(Object.class);
                AtomicInteger sent = new AtomicInteger();
                Thread sender = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 100; i++) {
                        s.send(i);
                        sent.incrementAndGet();
                    }
                });
                await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() == window
                        && sender.getState() == Thread.State.WAITING);
                p.run("obs", "open", Map.of("key", key));
                assertThat(sender.join(Duration.ofSeconds(10))).isTrue();
                assertThat(ctx.result(Integer.class)).isEqualTo(100);
            }
        }
    }

    @Test
    void widensWhileTheConsumerKeepsUp() {
        String key = UUID.randomUUID().toString();
        int items = 20_000;
        long lead;
        long t0 = System.nanoTime();
        try (ReceiveStream<Long> s = child.openStreamFrom("feeds", "forever", Map.of("key", key), Long.class)) {
            // a consumer that keeps up drains its queue while the producer waits for credit
            for (long i = 0; i < items; i++) {
                assertThat(s.receive()).isEqualTo(i);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            // it stops receiving (the stream stays open): the producer runs on to the end of its window
            long produced = countOnceItStops(key + ".produced", Duration.ofMillis(300));
            lead = produced - items;
            assertThat(count(child, key + ".closed")).isZero();
        }
        // the window widened beyond twice its size; small items leave only the growth limit (16 windows) to
        // bound it, and a batch of slack
        assertThat(lead).as("items produced but not received")
                .isGreaterThan(2L * WINDOW).isLessThanOrEqualTo(16L * WINDOW + WINDOW);
        // closing cancelled the producer: its close handlers ran once, by the time close returned
        assertThat(count(child, key + ".closed")).isOne();
        assertThat(RemoteTasks.running(child)).isEmpty();
    }

    @Test
    void largeItemsDoNotWiden() {
        String key = UUID.randomUUID().toString();
        int size = 64 * 1024;
        int items = 600;
        long lead;
        long t0 = System.nanoTime();
        try (ReceiveStream<byte[]> s = child.openStreamFrom("feeds", "foreverBytes",
                Map.of("key", key, "size", size), byte[].class)) {
            for (int i = 0; i < items; i++) {
                byte[] b = s.receive();
                assertThat(b).hasSize(size);
                assertThat(b[0]).isEqualTo((byte) (i % 128));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            long produced = countOnceItStops(key + ".produced", Duration.ofMillis(300));
            lead = produced - items;
            assertThat(count(child, key + ".closed")).isZero();
        }
        // 4 MiB hold fewer than a window of 64 KiB items: the window stays as configured. The producer did
        // run on to its end: at most a credit batch (window / 2 - 1) consumed here was not yet credited.
        assertThat(lead).as("items produced but not received")
                .isGreaterThan(WINDOW / 2).isLessThanOrEqualTo(WINDOW + 2);
        assertThat(count(child, key + ".closed")).isOne();
        assertThat(RemoteTasks.running(child)).isEmpty();
    }
}
