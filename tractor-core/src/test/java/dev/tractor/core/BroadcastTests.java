package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tractor.EndOfStream;
import dev.tractor.Lagged;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.RemoteActorError;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.RemoteTasks;
import dev.tractor.testing.SharedChild;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One stream, many local consumers ({@link ReceiveStream#subscribe}): the producer is a real child JVM shared by the
 * tests of this class; the consumers are threads of the root.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BroadcastTests {

    static SharedChild shared;
    static Portal feeds;

    @BeforeAll
    static void startChild() {
        shared = SharedChild.start(SharedChild.streamConfig().build(), "feeds");
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

    /** What a consumer saw: the items in order, and how many it was told it missed. */
    private record Seen(List<Integer> items, List<Long> lags, Throwable end) {
    }

    /**
     * Receives until the end, checking each item is the one expected: the next one, or the one after the items a
     * {@link Lagged} said were missed. {@code pause} runs after each item.
     */
    private static Seen consume(ReceiveStream<Integer> s, int first, Runnable pause) {
        List<Integer> items = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        long expected = first;
        while (true) {
            int x;
            try {
                x = s.receive();
            } catch (Lagged e) {
                lags.add(e.missed());
                expected += e.missed();
                continue;
            } catch (EndOfStream | RemoteActorError e) {
                return new Seen(items, lags, e);
            }
            assertThat(x).as("the item after %s", items.isEmpty() ? "none" : items.getLast()).isEqualTo(expected);
            expected++;
            items.add(x);
            pause.run();
        }
    }

    @Test
    void tenThousandItemsReachThreeConsumersAndTheSlowOneLagsWithoutHoldingTheOthersBack() throws Exception {
        int n = 10_000;
        int buffer = 2048;
        // closed in reverse: the subscriptions first (which ends the stream, so no consumer can still be blocked
        // when a failed assertion leaves the block), then the consumers' threads
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
             ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "count", Map.of("to", n), Integer.class);
             ReceiveStream<Integer> fast1 = s.subscribe(buffer);
             ReceiveStream<Integer> fast2 = s.subscribe();
             ReceiveStream<Integer> slow = s.subscribe()) {
            CountDownLatch halfway = new CountDownLatch(2);
            AtomicLong[] progress = {new AtomicLong(), new AtomicLong()};
            List<Future<Seen>> fast = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                AtomicLong mine = progress[i];
                AtomicLong other = progress[1 - i];
                ReceiveStream<Integer> f = i == 0 ? fast1 : fast2;
                fast.add(pool.submit(() -> consume(f, 0, () -> {
                    long done = mine.incrementAndGet();
                    if (done == n / 2) {
                        halfway.countDown();
                    }
                    // two consumers that keep up stay within 1,500 items of each other, well inside the buffer,
                    // even when the scheduler leaves one of them without a core for a while
                    if (done % 500 == 0) {
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (other.get() < done - 1000 && System.nanoTime() < until) {
                            sleep(1);
                        }
                    }
                })));
            }
            Future<Seen> slowSeen = pool.submit(() -> {
                int first = slow.receive();
                // held back until the fast consumers are half-way: had it held them back, they would never be
                if (!halfway.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the fast consumers did not get half-way while the slow one waited");
                }
                AtomicLong taken = new AtomicLong();
                Seen rest = consume(slow, first + 1, () -> {
                    if (taken.incrementAndGet() % 50 == 0) {
                        sleep(1);
                    }
                });
                List<Integer> all = new ArrayList<>(List.of(first));
                all.addAll(rest.items());
                return new Seen(all, rest.lags(), rest.end());
            });

            for (Future<Seen> f : fast) {
                Seen seen = f.get(30, TimeUnit.SECONDS);
                assertThat(seen.lags()).as("lags of a fast consumer").isEmpty();
                assertThat(seen.items()).hasSize(n);
                assertThat(seen.end()).isInstanceOf(EndOfStream.class);
            }
            Seen seen = slowSeen.get(30, TimeUnit.SECONDS);
            assertThat(seen.lags()).as("lags of the slow consumer").isNotEmpty().allSatisfy(m -> assertThat(m).isPositive());
            // nothing lost silently: every item was either seen, in order and once, or counted as missed
            long missed = seen.lags().stream().mapToLong(Long::longValue).sum();
            assertThat(seen.items().size() + missed).isEqualTo(n);
            assertThat(seen.items().getFirst()).isZero();
            assertThat(seen.items().getLast()).isEqualTo(n - 1);
            assertThat(seen.end()).isInstanceOf(EndOfStream.class).hasMessageContaining("feeds.count");
        }
    }

    @Test
    void theProducerStaysUnderFlowControlWhateverTheConsumersDo() {
        String key = key();
        int window = TractorConfig.builder().build().streamWindow();
        int buffer = 64;
        try (ReceiveStream<Long> s = feeds.openStreamFrom("feeds", "forever", Map.of("key", key), Long.class);
             ReceiveStream<Long> a = s.subscribe(buffer);
             ReceiveStream<Long> b = s.subscribe()) {
            // nobody reads: the producer fills its window and waits there
            await().atMost(Duration.ofSeconds(5)).until(() -> count(key + ".produced") >= window);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> count(key + ".produced") <= window);

            // one consumer reads ahead: the producer follows it by at most the window, the other consumer's
            // buffer holds nothing back
            int read = 200;
            for (long i = 0; i < read; i++) {
                assertThat(a.receive()).isEqualTo(i);
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> count(key + ".produced") <= read + window + 1);

            // the one that did not read lagged by what the buffer could not keep, then continues with the oldest kept
            assertThatThrownBy(b::receive).isInstanceOfSatisfying(Lagged.class, e -> {
                assertThat(e.missed()).isEqualTo(read - buffer);
                assertThat(e.getMessage()).contains("feeds.forever", "from actor " + feeds.uid(),
                        "lagged by " + (read - buffer) + " items", "buffer " + buffer);
            });
            for (long i = read - buffer; i < read + 5; i++) {
                assertThat(b.receive()).isEqualTo(i);
            }
            for (long i = read; i < read + 5; i++) {
                assertThat(a.receive()).isEqualTo(i);
            }
        }
    }

    @Test
    void aLateSubscriberSeesTheItemsFromItsSubscriptionOn() {
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "count", Map.of("to", 20), Integer.class);
             ReceiveStream<Integer> early = s.subscribe(8)) {
            for (int i = 0; i < 5; i++) {
                assertThat(early.receive()).isEqualTo(i);
            }
            try (ReceiveStream<Integer> late = s.subscribe(); ReceiveStream<Integer> later = early.subscribe()) {
                List<Integer> got = new ArrayList<>();
                late.forEach(got::add);
                assertThat(got).containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
                // the buffer keeps the last 8 of the 15 items that passed since the subscription
                got.clear();
                assertThatThrownBy(() -> later.forEach(got::add)).isInstanceOf(Lagged.class);
                later.forEach(got::add);
                assertThat(got).containsExactly(12, 13, 14, 15, 16, 17, 18, 19);
            }
            assertThatThrownBy(early::receive).isInstanceOfSatisfying(Lagged.class,
                    e -> assertThat(e.missed()).isEqualTo(7));
            assertThat(early.receive()).isEqualTo(12);
            // the original handle now receives only through its subscriptions
            assertThatThrownBy(s::receive).isInstanceOf(IllegalStateException.class).hasMessageContaining("subscri");
            assertThatThrownBy(() -> s.subscribe(16)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("buffer of 8");
        }
    }

    @Test
    void theEndAndARemoteErrorReachEverySubscriberAfterItsBufferedItems() {
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "count", Map.of("to", 10), Integer.class);
             ReceiveStream<Integer> a = s.subscribe(4);
             ReceiveStream<Integer> b = s.subscribe();
             ReceiveStream<Integer> c = s.subscribe()) {
            assertThat(b.receive()).isZero();
            assertThat(consume(a, 0, () -> { }).items()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThatThrownBy(a::receive).isInstanceOf(EndOfStream.class);
            Seen bSeen = consume(b, 1, () -> { });
            assertThat(bSeen.lags()).containsExactly(5L);
            assertThat(bSeen.items()).containsExactly(6, 7, 8, 9);
            assertThat(bSeen.end()).isInstanceOf(EndOfStream.class);
            Seen cSeen = consume(c, 0, () -> { });
            assertThat(cSeen.lags()).containsExactly(6L);
            assertThat(cSeen.items()).containsExactly(6, 7, 8, 9);
            assertThat(cSeen.end()).isInstanceOf(EndOfStream.class);
            try (ReceiveStream<Integer> after = s.subscribe()) {
                assertThatThrownBy(after::receive).isInstanceOf(EndOfStream.class);
            }
        }

        String key = key();
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "failAfter", Map.of("key", key, "n", 3),
                Integer.class);
             ReceiveStream<Integer> a = s.subscribe();
             ReceiveStream<Integer> b = s.subscribe()) {
            for (ReceiveStream<Integer> sub : List.of(a, b)) {
                Seen seen = consume(sub, 0, () -> { });
                assertThat(seen.items()).containsExactly(0, 1, 2);
                assertThat(seen.end()).isInstanceOfSatisfying(RemoteActorError.class, e -> {
                    assertThat(e.remoteMessage()).isEqualTo("feed broke after 3 items");
                    assertThat(e.source()).isEqualTo(feeds.uid());
                });
                assertThatThrownBy(sub::receive).isInstanceOf(RemoteActorError.class);
            }
        }
        assertThat(count(key + ".closed")).isOne();
    }

    @Test
    void closingTheLastSubscriptionCancelsTheProducer() {
        String key = key();
        ReceiveStream<Long> s = feeds.openStreamFrom("feeds", "forever", Map.of("key", key), Long.class);
        ReceiveStream<Long> a = s.subscribe();
        ReceiveStream<Long> b = s.subscribe();
        for (long i = 0; i < 100; i++) {
            assertThat(a.receive()).isEqualTo(i);
        }
        a.close();
        assertThatThrownBy(a::receive).isInstanceOf(TractorException.class).hasMessageContaining("closed");
        // the other subscription goes on, and so does the producer
        for (long i = 0; i < 200; i++) {
            assertThat(b.receive()).isEqualTo(i);
        }
        assertThat(count(key + ".closed")).isZero();
        assertThat(RemoteTasks.running(feeds)).containsExactly("feeds.forever");

        long t0 = System.nanoTime();
        b.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        // the producer has ended by the time close returns
        assertThat(count(key + ".closed")).isOne();
        assertThat(RemoteTasks.running(feeds)).isEmpty();
        assertThatThrownBy(s::subscribe).isInstanceOf(TractorException.class).hasMessageContaining("closed");
        s.close();
    }

    @Test
    void closingTheStreamEndsEverySubscriptionAndWakesTheBlockedOnes() throws Exception {
        String key = key();
        ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "gated", Map.of("key", key, "before", 1, "after", 1),
                Integer.class);
        ReceiveStream<Integer> a = s.subscribe();
        ReceiveStream<Integer> b = s.subscribe();
        assertThat(a.receive()).isZero();
        assertThat(b.receive()).isZero();
        AtomicReference<Throwable> aRaised = new AtomicReference<>();
        AtomicReference<Throwable> bRaised = new AtomicReference<>();
        Thread pulling = Thread.ofVirtual().start(() -> aRaised.set(receiveFailure(a)));
        await().atMost(Duration.ofSeconds(5)).until(() -> pulling.getState() == Thread.State.WAITING);
        Thread waiting = Thread.ofVirtual().start(() -> bRaised.set(receiveFailure(b)));
        await().atMost(Duration.ofSeconds(5)).until(() -> waiting.getState() == Thread.State.WAITING);
        s.close();
        assertThat(pulling.join(Duration.ofSeconds(5))).isTrue();
        assertThat(waiting.join(Duration.ofSeconds(5))).isTrue();
        assertThat(aRaised.get()).isInstanceOf(TractorException.class).hasMessageContaining("closed");
        assertThat(bRaised.get()).isInstanceOf(TractorException.class).hasMessageContaining("closed");
        a.close();
        b.close();
    }

    @Test
    void anInterruptRaisesInTheWaitingThreadAndLeavesTheBroadcastOpen() throws Exception {
        String key = key();
        try (ReceiveStream<Integer> s = feeds.openStreamFrom("feeds", "gated",
                Map.of("key", key, "before", 2, "after", 2), Integer.class);
             ReceiveStream<Integer> a = s.subscribe();
             ReceiveStream<Integer> b = s.subscribe()) {
            assertThat(a.receive()).isZero();
            assertThat(a.receive()).isOne();
            assertThat(b.receive()).isZero();
            assertThat(b.receive()).isOne();
            // a pulls from the stream (the producer waits at its gate), b waits for a
            AtomicReference<Throwable> aRaised = new AtomicReference<>();
            AtomicReference<Throwable> bRaised = new AtomicReference<>();
            Thread pulling = Thread.ofVirtual().start(() -> aRaised.set(receiveFailure(a)));
            await().atMost(Duration.ofSeconds(5)).until(() -> pulling.getState() == Thread.State.WAITING);
            Thread waiting = Thread.ofVirtual().start(() -> bRaised.set(receiveFailure(b)));
            await().atMost(Duration.ofSeconds(5)).until(() -> waiting.getState() == Thread.State.WAITING);
            waiting.interrupt();
            assertThat(waiting.join(Duration.ofSeconds(5))).isTrue();
            pulling.interrupt();
            assertThat(pulling.join(Duration.ofSeconds(5))).isTrue();
            assertThat(aRaised.get()).isInstanceOf(TractorException.class).hasMessageContaining("stays open");
            assertThat(bRaised.get()).isInstanceOf(TractorException.class).hasMessageContaining("stays open");

            feeds.run("obs", "open", Map.of("key", key));
            assertThat(consume(b, 2, () -> { }).items()).containsExactly(2, 3);
            assertThat(consume(a, 2, () -> { }).items()).containsExactly(2, 3);
        }
    }

    /** The error {@code s.receive()} raises. */
    private static Throwable receiveFailure(ReceiveStream<Integer> s) {
        try {
            return new AssertionError("received " + s.receive());
        } catch (Throwable t) {
            return t;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
