package dev.tractor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** "Cancel, then join within the grace period", without processes: order, one deadline for all, late ones, interrupts. */
@Timeout(30)
class TeardownTests {

    @Test
    void everythingIsCancelledBeforeAnythingIsWaitedFor() throws InterruptedException {
        AtomicInteger cancelled = new AtomicInteger();
        List<Integer> seenWhenJoining = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Integer> late = Teardown.cancel(List.of(1, 2, 3), i -> cancelled.incrementAndGet(), (i, millis) -> {
            seenWhenJoining.add(cancelled.get());
            return true;
        }).join(Deadline.after(Duration.ofSeconds(1)));
        assertThat(late).isEmpty();
        assertThat(seenWhenJoining).containsExactly(3, 3, 3);
    }

    @Test
    void oneDeadlineBoundsTheWholeWaitWhateverTheNumberOfThings() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        long start = System.nanoTime();
        List<Integer> late = Teardown.cancel(List.of(1, 2, 3, 4, 5, 6, 7, 8), i -> { },
                (i, millis) -> never.await(millis, TimeUnit.MILLISECONDS)).join(Deadline.after(Duration.ofMillis(300)));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(late).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(tookMs).as("one deadline, not one per thing").isBetween(250L, 2_000L);
    }

    @Test
    void blockingCancelsRunAtOnceAndOnlyTheSlowOnesAreLate() {
        CountDownLatch release = new CountDownLatch(1);
        long start = System.nanoTime();
        List<Thread> late = Teardown.inParallel(List.of(200L, 200L, 200L, -1L), ms -> {
            try {
                if (ms < 0) {
                    release.await();
                } else {
                    Thread.sleep(ms);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-cancel").joinUninterruptibly(Deadline.after(Duration.ofMillis(1_000)));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(late).hasSize(1);
        assertThat(tookMs).as("the three 200 ms cancels ran side by side").isLessThan(1_900L);
        release.countDown();
        assertThat(joined(late.getFirst())).as("the slow cancel ends once released").isTrue();
    }

    @Test
    void anInterruptDoesNotCutTheUninterruptibleWaitShortAndIsKept() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            List<Thread> late = Teardown.inParallel(List.of(300L), ms -> {
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-cancel").joinUninterruptibly(Deadline.after(Duration.ofSeconds(5)));
            if (late.isEmpty() && Thread.currentThread().isInterrupted()) {
                done.countDown();
            }
        });
        assertThat(waiter.join(Duration.ofSeconds(10))).isTrue();
        assertThat(done.getCount()).as("waited for the cancel, then kept the interrupt").isZero();
    }

    private static boolean joined(Thread t) {
        try {
            return t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
