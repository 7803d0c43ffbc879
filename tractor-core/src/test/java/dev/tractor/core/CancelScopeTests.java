package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.CancelScope;
import dev.tractor.DeadlineExceeded;
import dev.tractor.Tractor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cancel scope on its own, without actors: nesting, cancels from other threads, deadlines, no leaked interrupt. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancelScopeTests {

    @Test
    void aDeadlineInterruptsTheOwnerAndIsReportedAsDeadlineExceeded() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Tractor.deadline(Duration.ofMillis(200), () -> {
            Thread.sleep(10_000);
            return null;
        })).isInstanceOfSatisfying(DeadlineExceeded.class,
                e -> assertThat(e.deadline()).isEqualTo(Duration.ofMillis(200)));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(3));
        assertThat(Thread.interrupted()).as("no interrupt leaks past the block").isFalse();
        assertThat(CancelScope.current()).isEmpty();
    }

    @Test
    void moveOnAfterReturnsEmptyAndABodyThatFinishesInTimeReturnsItsValue() throws Exception {
        assertThat(Tractor.moveOnAfter(Duration.ofMillis(100), () -> {
            Thread.sleep(10_000);
            return "late";
        })).isEmpty();
        assertThat(Tractor.moveOnAfter(Duration.ofSeconds(5), () -> "on time")).contains("on time");
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void anInnerDeadlineNeverOutlastsTheOuterOne() {
        try (CancelScope outer = CancelScope.open(Duration.ofSeconds(1))) {
            try (CancelScope inner = CancelScope.open(Duration.ofSeconds(30))) {
                assertThat(inner.remaining()).get().matches(d -> d.compareTo(Duration.ofSeconds(1)) <= 0);
                assertThat(inner.timeout()).contains(Duration.ofSeconds(1));
            }
            try (CancelScope inner = CancelScope.open(Duration.ofMillis(100))) {
                assertThat(inner.timeout()).contains(Duration.ofMillis(100));
            }
            assertThat(CancelScope.current()).contains(outer);
        }
    }

    @Test
    void cancellingTheOuterScopeCancelsTheInnerOneFromAnotherThread() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CancelScope[] scopes = new CancelScope[2];
        Thread worker = Thread.ofVirtual().start(() -> {
            try (CancelScope outer = CancelScope.open(); CancelScope inner = CancelScope.open()) {
                scopes[0] = outer;
                scopes[1] = inner;
                inside.countDown();
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                // cancelled, as expected
            }
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        scopes[0].cancel();
        assertThat(worker.join(Duration.ofSeconds(5))).isTrue();
        assertThat(scopes[0].cancelCalled()).isTrue();
        assertThat(scopes[1].cancelCalled()).isTrue();
        assertThat(scopes[0].deadlinePassed()).isFalse();
    }

    @Test
    void aCancelAfterCloseInterruptsNoOne() {
        CancelScope scope = CancelScope.open();
        scope.close();
        scope.cancel();
        assertThat(Thread.interrupted()).isFalse();
        assertThat(scope.cancelCalled()).isFalse();
    }

    @Test
    void deadlinesRacingTheEndOfTheirBlockNeverLeakAnInterrupt() {
        for (int i = 0; i < 2_000; i++) {
            try (CancelScope scope = CancelScope.open(Duration.ofNanos(i % 50 * 1_000))) {
                Thread.onSpinWait();
            }
            assertThat(Thread.interrupted()).as("iteration %d", i).isFalse();
        }
        assertThat(CancelScope.current()).isEqualTo(Optional.empty());
    }
}
