package dev.tractor.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * {@link Complaints} lets a source log at most so many lines per window; the lines beyond are counted, and the
 * first line logged after them says how many were suppressed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ComplaintsTests {

    private Logger log;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        log = (Logger) LoggerFactory.getLogger("dev.tractor.test.complaints." + UUID.randomUUID());
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void release() {
        log.detachAppender(lines);
        lines.stop();
    }

    private List<String> logged() {
        synchronized (lines.list) {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void atMostTheLinesOfAWindowAreLoggedAndTheRestCounted() {
        Complaints complaints = new Complaints(3, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            complaints.warn(log, "peer {} sent bad frame {}", "p1", i);
        }
        assertThat(logged()).containsExactly("peer p1 sent bad frame 0", "peer p1 sent bad frame 1",
                "peer p1 sent bad frame 2");
        assertThat(complaints.suppressed()).isEqualTo(7);
    }

    @Test
    void theFirstLineOfTheNextWindowSaysHowManyWereSuppressed() throws InterruptedException {
        Complaints complaints = new Complaints(2, Duration.ofMillis(200));
        for (int i = 0; i < 7; i++) {
            complaints.warn(log, "complaint {}", i);
        }
        assertThat(logged()).hasSize(2);
        assertThat(complaints.suppressed()).isEqualTo(5);
        Thread.sleep(300); // past the window (a complaint made within it would be counted too)
        complaints.warn(log, "complaint {}", "later");
        assertThat(logged()).hasSize(3);
        assertThat(logged().get(2)).isEqualTo("complaint later (5 similar lines suppressed before this one)");
        assertThat(complaints.suppressed()).isZero();
        complaints.warn(log, "complaint {}", "after");
        assertThat(logged().getLast()).isEqualTo("complaint after");
    }

    @Test
    void concurrentComplaintsAreCountedExactly() throws InterruptedException {
        Complaints complaints = new Complaints(5, Duration.ofHours(1));
        int threads = 8;
        int each = 2_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    complaints.warn(log, "flood");
                }
            }));
        }
        go.countDown();
        for (Thread t : started) {
            assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(logged()).hasSize(5);
        assertThat(complaints.suppressed()).isEqualTo((long) threads * each - 5);
    }
}
