package dev.tractor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.EndOfStream;
import dev.tractor.Lagged;
import dev.tractor.ReceiveStream;
import dev.tractor.TractorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broadcast's ring on its own, over an in-memory source: positions and lag counts against a model, one puller
 * at a time under concurrent consumers, interrupts, ends and closing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BroadcastRingTests {

    private static final Object END = new Object();

    /** A source over a queue: {@link #END} ends it; it counts pulls and fails if two overlap. */
    private static final class Source {
        final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        final AtomicInteger pulls = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicBoolean inside = new AtomicBoolean();
        volatile boolean overlapped;

        Source items(int n) {
            for (int i = 0; i < n; i++) {
                queue.add(i);
            }
            return this;
        }

        Object pull() {
            if (!inside.compareAndSet(false, true)) {
                overlapped = true;
            }
            try {
                Object m = queue.take();
                if (m == END) {
                    queue.add(END);
                    throw new EndOfStream("the stream of test.items has ended");
                }
                pulls.incrementAndGet();
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TractorException("interrupted while receiving from test.items; the stream stays open", e);
            } finally {
                inside.set(false);
            }
        }

        Broadcast<Integer> broadcast(int capacity) {
            return new Broadcast<>(this::pull, Integer.class::cast, closes::incrementAndGet, "test.items",
                    "test.items from actor a[1]", capacity);
        }
    }

    @Test
    void positionsAndLagCountsFollowTheModelThroughManyWrapArounds() {
        Random random = new Random(42);
        int n = 5_000;
        int capacity = 7;
        Source source = new Source().items(n);
        source.queue.add(END);
        Broadcast<Integer> b = source.broadcast(capacity);
        List<ReceiveStream<Integer>> subs = new ArrayList<>();
        List<long[]> model = new ArrayList<>();   // per subscription: next expected item, items seen + missed
        long head = 0;
        int ended = 0;
        int lags = 0;
        for (int step = 0; step < 200_000 && ended < 4; step++) {
            if (subs.size() < 4 && random.nextInt(50) == 0) {
                subs.add(b.subscribe(capacity));
                model.add(new long[] {head, 0});
                continue;
            }
            if (subs.isEmpty()) {
                continue;
            }
            // skewed: the first subscription reads most, the last least
            int i = Math.min(subs.size() - 1, (int) Math.abs(random.nextGaussian() * 1.5));
            long[] m = model.get(i);
            if (m[0] == n) {
                if (m[1] >= 0) {
                    assertThatThrownBy(subs.get(i)::receive).isInstanceOf(EndOfStream.class);
                    m[1] = -1;
                    ended++;
                }
                continue;
            }
            long oldest = Math.max(0, head - capacity);
            if (m[0] < oldest) {
                long missed = oldest - m[0];
                assertThatThrownBy(subs.get(i)::receive).isInstanceOfSatisfying(Lagged.class,
                        e -> assertThat(e.missed()).isEqualTo(missed));
                m[0] = oldest;
                lags++;
                continue;
            }
            assertThat(subs.get(i).receive()).isEqualTo((int) m[0]);
            if (m[0] == head) {
                head++;
            }
            m[0]++;
            assertThat((long) source.pulls.get()).isEqualTo(head);
        }
        assertThat(ended).isEqualTo(4);
        assertThat(lags).as("lags met on the way").isGreaterThan(10);
    }

    @Test
    void nothingIsPulledUntilAConsumerWantsItAndThenOnlyAsFarAsTheFastestRead() {
        Source source = new Source().items(100);
        Broadcast<Integer> b = source.broadcast(10);
        ReceiveStream<Integer> fast = b.subscribe(10);
        ReceiveStream<Integer> idle = b.subscribe(10);
        assertThat(source.pulls).hasValue(0);
        for (int i = 0; i < 25; i++) {
            assertThat(fast.receive()).isEqualTo(i);
        }
        assertThat(source.pulls).hasValue(25);
        assertThatThrownBy(idle::receive).isInstanceOfSatisfying(Lagged.class, e -> {
            assertThat(e.missed()).isEqualTo(15);
            assertThat(e.getMessage()).isEqualTo("the stream test.items from actor a[1]: this consumer lagged by 15 items"
                    + " (buffer 10); it continues with the oldest item still buffered");
        });
        assertThat(idle.receive()).isEqualTo(15);
        assertThat(source.pulls).hasValue(25);
    }

    @Test
    void concurrentConsumersEachSeeEveryItemInOrderOrCountItAsMissed() throws Exception {
        int n = 200_000;
        Source source = new Source().items(n);
        source.queue.add(END);
        Broadcast<Integer> b = source.broadcast(64);
        List<ReceiveStream<Integer>> subs = List.of(b.subscribe(64), b.subscribe(64), b.subscribe(64), b.subscribe(64));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> results = new ArrayList<>();
            for (int k = 0; k < subs.size(); k++) {
                ReceiveStream<Integer> s = subs.get(k);
                int pauseEvery = k == 0 ? 0 : 1_000 * k;
                results.add(pool.submit(() -> {
                    long expected = 0;
                    long seen = 0;
                    long missed = 0;
                    while (true) {
                        int x;
                        try {
                            x = s.receive();
                        } catch (Lagged e) {
                            missed += e.missed();
                            expected += e.missed();
                            continue;
                        } catch (EndOfStream e) {
                            return new long[] {seen, missed};
                        }
                        if (x != expected) {
                            throw new AssertionError("got " + x + ", expected " + expected);
                        }
                        expected++;
                        seen++;
                        if (pauseEvery > 0 && seen % pauseEvery == 0) {
                            Thread.sleep(1);
                        }
                    }
                }));
            }
            for (Future<long[]> r : results) {
                long[] counts = r.get(30, TimeUnit.SECONDS);
                assertThat(counts[0] + counts[1]).isEqualTo(n);
            }
        }
        assertThat(source.overlapped).as("two pulls at once").isFalse();
        assertThat(source.pulls).hasValue(n);
    }

    @Test
    void anInterruptedPullerLeavesTheBroadcastOpenAndAWaiterTakesOver() throws Exception {
        Source source = new Source();
        Broadcast<Integer> b = source.broadcast(4);
        ReceiveStream<Integer> a = b.subscribe(4);
        ReceiveStream<Integer> c = b.subscribe(4);
        AtomicReference<Throwable> aRaised = new AtomicReference<>();
        AtomicReference<Object> cGot = new AtomicReference<>();
        Thread puller = Thread.ofVirtual().start(() -> {
            try {
                a.receive();
            } catch (Throwable t) {
                aRaised.set(t);
            }
        });
        awaitWaiting(puller);
        Thread waiter = Thread.ofVirtual().start(() -> cGot.set(c.receive()));
        awaitWaiting(waiter);
        puller.interrupt();
        assertThat(puller.join(Duration.ofSeconds(5))).isTrue();
        assertThat(aRaised.get()).isInstanceOf(TractorException.class).hasMessageContaining("stays open");
        source.queue.add(7);
        assertThat(waiter.join(Duration.ofSeconds(5))).isTrue();
        assertThat(cGot.get()).isEqualTo(7);
        assertThat(a.receive()).isEqualTo(7);
    }

    @Test
    void theEndComesAfterTheBufferedItemsAndClosingTheLastSubscriptionClosesTheSourceOnce() {
        Source source = new Source().items(3);
        source.queue.add(END);
        Broadcast<Integer> b = source.broadcast(8);
        ReceiveStream<Integer> a = b.subscribe(8);
        ReceiveStream<Integer> c = b.subscribe(8);
        assertThat(a).containsExactly(0, 1, 2);
        assertThatThrownBy(a::receive).isInstanceOf(EndOfStream.class);
        assertThat(c.receive()).isZero();
        a.close();
        a.close();
        assertThatThrownBy(a::receive).isInstanceOf(TractorException.class).hasMessageContaining("subscription")
                .hasMessageContaining("closed");
        assertThat(source.closes).hasValue(0);
        assertThat(c).containsExactly(1, 2);
        c.close();
        assertThat(source.closes).hasValue(1);
        b.close();   // what the stream does when closed
        assertThatThrownBy(() -> b.subscribe(8)).isInstanceOf(TractorException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> b.subscribe(9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buffer of 8");
        assertThatThrownBy(() -> source.broadcast(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    }
}
