package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tractor.ActorRuntime;
import dev.tractor.EndOfStream;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.RemoteActorError;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.Feeds;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.RemoteTasks;
import dev.tractor.testing.SharedChild;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Streaming functions (functype asyncgen) in one real child JVM, shared by the tests of this class. */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamTests {

    static SharedChild shared;
    static ActorRuntime root;
    static Portal feeds;

    @BeforeAll
    static void startChild() {
        shared = SharedChild.start(SharedChild.streamConfig().build(), "feeds");
        root = shared.root();
        feeds = shared.child();
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

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static long count(String key) {
        return feeds.run("obs", "count", Map.of("key", key), Long.class);
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(String key) {
        return feeds.run("obs", "notes", Map.of("key", key), List.class);
    }

    @Test
    void streamIterableAndIteratorResultsArriveAsYieldsThenStop() {
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "count", Map.of("to", 5), Integer.class)) {
            List<Integer> got = new ArrayList<>();
            for (int x : s) {
                got.add(x);
            }
            assertThat(got).containsExactly(0, 1, 2, 3, 4);
            assertThatThrownBy(s::receive).isInstanceOf(EndOfStream.class).hasMessageContaining("feeds.count");
            assertThatThrownBy(s::receive).isInstanceOf(EndOfStream.class);
            assertThat(s.iterator().hasNext()).isFalse();
        }
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "countIterable", Map.of("to", 3), Integer.class)) {
            assertThat(s.receive()).isZero();
            assertThat(s.receive()).isOne();
            assertThat(s.receive()).isEqualTo(2);
            assertThatThrownBy(s::receive).isInstanceOf(EndOfStream.class);
        }
        try (ReceiveStream<String> s = feeds.openStreamFrom("feeds", "letters", Map.of("word", "tractor"), String.class)) {
            assertThat(String.join("", s)).isEqualTo("tractor");
        }
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "count", Map.of("to", 0), Integer.class)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aHundredThousandItemsArriveInOrderNothingLostOrDuplicated() {
        int n = 100_000;
        int expected = 0;
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "count", Map.of("to", n), Integer.class)) {
            for (int x : s) {
                assertThat(x).isEqualTo(expected);
                expected++;
            }
        }
        assertThat(expected).isEqualTo(n);
    }

    @Test
    void aStreamIteratedToItsEndWithoutClosingLeavesNothingBehind() throws Exception {
        int sum = 0;
        for (int x : feeds.openStreamFrom("feeds", "count", Map.of("to", 10), Integer.class)) {
            sum += x;
        }
        assertThat(sum).isEqualTo(45);
        await().atMost(Duration.ofSeconds(5)).until(() -> SharedChild.openCalls(feeds) == 0);
    }


    @Test
    void theProducerIsPulledLazilyOnlyAsFarAsTheWindowAllows() {
        String key = key();
        try (ReceiveStream<Long> s = feeds.openStreamFrom("feeds", "forever", Map.of("key", key), Long.class)) {
            assertThat(s.receive()).isZero();
            int window = TractorConfig.builder().build().streamWindow();
            await().atMost(Duration.ofSeconds(5)).until(() -> count(key + ".produced") >= window);
            // an item is pulled from the source only once the window has room to send it; the one item
            // received may already have been credited
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> count(key + ".produced") <= window + 1);
            assertThat(s.receive()).isOne();
        }
    }

    @Test
    void closingEarlyCancelsAnInfiniteProducerPromptlyAndRunsItsOnCloseHandlers() {
        String key = key();
        ReceiveStream<Long> s = feeds.openStreamFrom("feeds", "forever", Map.of("key", key), Long.class);
        for (long i = 0; i < 1000; i++) {
            assertThat(s.receive()).isEqualTo(i);
        }
        long t0 = System.nanoTime();
        s.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        // the producer has ended by the time close returns: its close handlers ran exactly once
        assertThat(count(key + ".closed")).isOne();
        assertThat(RemoteTasks.running(feeds)).isEmpty();
        long produced = count(key + ".produced");
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> count(key + ".produced") == produced);
        s.close();
        assertThatThrownBy(s::receive).isInstanceOf(TractorException.class).hasMessageContaining("closed");
    }

    @Test
    void aReturnedStreamIsClosedWhenTheCallCompletesOrFails() {
        String completed = key();
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "countTracked",
                Map.of("key", completed, "to", 3), Integer.class)) {
            assertThat(s).containsExactly(0, 1, 2);
        }
        assertThat(count(completed + ".closed")).isOne();

        String failed = key();
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "failAfter",
                Map.of("key", failed, "n", 2), Integer.class)) {
            assertThatThrownBy(() -> s.forEach(x -> { })).isInstanceOf(RemoteActorError.class);
        }
        assertThat(count(failed + ".closed")).isOne();
    }

    @Test
    void aProducerThatThrowsMidStreamFailsTheConsumerWithItsTypeAndTrace() {
        String key = key();
        List<Integer> got = new ArrayList<>();
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "failAfter", Map.of("key", key, "n", 3),
                Integer.class)) {
            assertThatThrownBy(() -> {
                for (int x : s) {
                    got.add(x);
                }
            }).isInstanceOfSatisfying(RemoteActorError.class, e -> {
                assertThat(e.remoteType()).isEqualTo(IllegalStateException.class.getName());
                assertThat(e.remoteMessage()).isEqualTo("feed broke after 3 items");
                assertThat(e.remoteTraceback()).contains("Feeds.lambda$failAfter");
                assertThat(e.source()).isEqualTo(feeds.uid());
                assertThat(e.getMessage()).contains("feeds.failAfter");
            });
            assertThat(got).containsExactly(0, 1, 2);
            assertThatThrownBy(s::receive).isInstanceOf(RemoteActorError.class).hasMessageContaining("feed broke");
        }
    }

    @Test
    void leavingTheStreamsBlockByAnExceptionCancelsTheProducer() {
        String key = key();
        assertThatThrownBy(() -> {
            try (ReceiveStream<Long> s = feeds.openStreamFrom("feeds", "forever", Map.of("key", key), Long.class)) {
                for (long x : s) {
                    if (x == 5) {
                        throw new IllegalArgumentException("the consumer gave up at " + x);
                    }
                }
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessage("the consumer gave up at 5");
        assertThat(count(key + ".closed")).isOne();
        assertThat(RemoteTasks.running(feeds)).isEmpty();
    }

    @Test
    void closingCancelsAProducerBlockedInsideItsSource() {
        String key = key();
        ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "sleepy", Map.of("key", key), Integer.class);
        assertThat(s.receive()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> !notes(key).isEmpty());
        long t0 = System.nanoTime();
        s.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(notes(key)).containsExactly("sleeping", "interrupted while sleeping");
    }

    @Test
    void interruptingABlockedReceiverLeavesTheStreamOpenForASuccessor() throws Exception {
        String key = key();
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "gated",
                Map.of("key", key, "before", 5, "after", 5), Integer.class)) {
            Queue<Integer> first = new ConcurrentLinkedQueue<>();
            AtomicReference<Throwable> raised = new AtomicReference<>();
            AtomicReference<Boolean> flagAfter = new AtomicReference<>();
            Thread consumer = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        first.add(s.receive());
                    }
                } catch (Throwable t) {
                    raised.set(t);
                    flagAfter.set(Thread.currentThread().isInterrupted());
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 5
                    && consumer.getState() == Thread.State.WAITING);
            consumer.interrupt();
            assertThat(consumer.join(Duration.ofSeconds(5))).isTrue();
            assertThat(raised.get()).isInstanceOf(TractorException.class).hasMessageContaining("stays open");
            assertThat(flagAfter.get()).isTrue();

            feeds.run("obs", "open", Map.of("key", key));
            List<Integer> rest = new ArrayList<>();
            Thread successor = Thread.ofVirtual().start(() -> s.forEach(rest::add));
            assertThat(successor.join(Duration.ofSeconds(10))).isTrue();
            assertThat(first).containsExactly(0, 1, 2, 3, 4);
            assertThat(rest).containsExactly(5, 6, 7, 8, 9);
        }
    }

    @Test
    void closingFromAnotherThreadWakesABlockedReceiver() throws Exception {
        String key = key();
        ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "gated",
                Map.of("key", key, "before", 1, "after", 1), Integer.class);
        assertThat(s.receive()).isZero();
        AtomicReference<Throwable> raised = new AtomicReference<>();
        Thread consumer = Thread.ofVirtual().start(() -> {
            try {
                s.receive();
            } catch (Throwable t) {
                raised.set(t);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.getState() == Thread.State.WAITING);
        s.close();
        assertThat(consumer.join(Duration.ofSeconds(5))).isTrue();
        assertThat(raised.get()).isInstanceOf(TractorException.class).hasMessageContaining("closed");
    }

    @Test
    void aPlainFunctionStillRunningAnnouncesItsKindWithinMoments() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> feeds.openStreamFrom("feeds", "plainSleep", Map.of("millis", 30_000), Object.class))
                .isInstanceOf(TractorException.class).hasMessageContaining("portal.run");
        // its functype is due 2 ms after it started, long before it would return
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void callingInTheWrongStyleNamesTheRightCallAndCancelsTheTask() {
        String key = key();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> feeds.run("feeds", "forever", Map.of("key", key)))
                .isInstanceOf(TractorException.class)
                .hasMessageContaining("feeds.forever").hasMessageContaining("openStreamFrom");
        assertThatThrownBy(() -> feeds.openStreamFrom("feeds", "plainSleep", Map.of("millis", 30_000), Object.class))
                .isInstanceOf(TractorException.class)
                .hasMessageContaining("feeds.plainSleep").hasMessageContaining("portal.run");
        assertThatThrownBy(() -> feeds.openContext("feeds", "plainSleep", Map.of("millis", 30_000)))
                .isInstanceOf(TractorException.class).hasMessageContaining("portal.run");
        assertThatThrownBy(() -> feeds.openContext("feeds", "forever", Map.of("key", key)))
                .isInstanceOf(TractorException.class).hasMessageContaining("openStreamFrom");
        String gate = key();
        assertThatThrownBy(() -> feeds.run("echo", "startThenWait", Map.of("value", "v", "key", gate)))
                .isInstanceOf(TractorException.class)
                .hasMessageContaining("echo.startThenWait").hasMessageContaining("openContext");
        assertThatThrownBy(() -> feeds.openStreamFrom("echo", "startThenWait", Map.of("value", "v", "key", gate),
                Object.class)).isInstanceOf(TractorException.class).hasMessageContaining("openContext");
        // raised on the functype answer, not after the (minute-long) functions would have ended
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(RemoteTasks.running(feeds)).isEmpty());
        assertThat(feeds.run("obs", "notes", Map.of("key", gate)))
                .isEqualTo(List.of("interrupted while waiting, cancelled=true", "interrupted while waiting, cancelled=true"));
        assertThat(count(key + ".closed")).isEqualTo(2);
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "count", Map.of("to", 3), Integer.class)) {
            assertThat(s).containsExactly(0, 1, 2);
        }
    }
}
