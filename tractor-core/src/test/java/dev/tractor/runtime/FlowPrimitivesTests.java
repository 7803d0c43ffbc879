package dev.tractor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.TractorException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stream primitives on their own, without actors: the inbox never loses a wake-up under concurrent producers
 * and a consumer that parks, and the send window caps absurd credit and wakes every blocked sender on close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlowPrimitivesTests {

    @Test
    void theInboxLosesNoItemAndNoWakeUpUnderConcurrentProducers() throws Exception {
        int producers = 4;
        int perProducer = 50_000;
        Inbox inbox = new Inbox();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sent = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                sent.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perProducer; i++) {
                        if (i % 3 == 0) {
                            inbox.addQuietly(base + i);
                            inbox.wake();
                        } else {
                            inbox.add(base + i);
                        }
                        if (i % 1_000 == 0) {
                            Thread.yield();
                        }
                    }
                    return null;
                }));
            }
            AtomicLong sum = new AtomicLong();
            Future<Integer> consumer = pool.submit(() -> {
                int n = 0;
                while (n < producers * perProducer) {
                    Object item = inbox.poll(TimeUnit.SECONDS.toNanos(10));
                    assertThat(item).as("item %d arrived (a lost wake-up would time out)", n).isNotNull();
                    sum.addAndGet((Integer) item);
                    n++;
                }
                return n;
            });
            go.countDown();
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(consumer.get(30, TimeUnit.SECONDS)).isEqualTo(producers * perProducer);
            long total = (long) producers * perProducer;
            assertThat(sum.get()).isEqualTo(total * (total - 1) / 2);
            assertThat(inbox.isEmpty()).isTrue();
        }
    }

    @Test
    void absurdCreditIsCappedAndNeverAnError() throws InterruptedException {
        SendWindow window = new SendWindow(4);
        window.credit(Integer.MAX_VALUE);
        window.credit(Integer.MAX_VALUE);
        window.credit(Integer.MAX_VALUE);
        for (int i = 0; i < 1_000; i++) {
            window.acquire();
        }
        assertThat(window.isClosed()).isFalse();
    }

    @Test
    void closingTheWindowWakesEveryBlockedSenderWithTheReason() throws Exception {
        SendWindow window = new SendWindow(1);
        window.acquire();
        int senders = 16;
        CountDownLatch blocked = new CountDownLatch(senders);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> waiting = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                waiting.add(pool.submit(() -> {
                    blocked.countDown();
                    window.acquire();
                    return null;
                }));
            }
            assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            window.close("the stream of ns.fn has ended");
            for (Future<?> f : waiting) {
                assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TractorException.class)
                        .hasMessageContaining("the stream of ns.fn has ended");
            }
        }
        assertThatThrownBy(window::acquire).isInstanceOf(TractorException.class);
    }
}
