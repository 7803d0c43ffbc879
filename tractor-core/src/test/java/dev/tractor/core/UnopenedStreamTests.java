package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ContextHandle;
import dev.tractor.Limits;
import dev.tractor.MsgStream;
import dev.tractor.TractorException;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.SharedChild;
import dev.tractor.testing.SharedChildExtension;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sender whose peer never opens its side of the stream is not held forever: once it has filled the window and
 * the receiver has not opened the stream within {@code Limits.unopenedStreamTimeout}, the call fails with an error
 * naming the stream, in either direction, and the items are not silently dropped.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnopenedStreamTests {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    @RegisterExtension
    static final SharedChildExtension SHARED = SharedChildExtension.of(SharedChild.streamConfig()
            .streamWindow(8).limits(Limits.DEFAULTS.withUnopenedStreamTimeout(TIMEOUT)), "unopened");

    @Test
    void aCallerSendingToATaskThatNeverOpensItsStreamGetsAnErrorNamingTheStream() {
        String key = UUID.randomUUID().toString();
        try (ContextHandle ctx = SHARED.child().openContext("echo", "startThenWait", Map.of("value", "v", "key", key));
             MsgStream<Object> stream = ctx.openStream(Object.class)) {
            ctx.started();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1_000; i++) {
                    stream.send(i);
                }
            }).isInstanceOf(TractorException.class).hasMessageContaining("echo.startThenWait")
                    .hasMessageContaining("did not open (ctx.openStream)");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.plusSeconds(5));
            assertThatThrownBy(ctx::result).isInstanceOf(TractorException.class);
        }
    }

    @Test
    void aCalleeSendingToACallerThatNeverOpensItsStreamEndsTheCallWithAnErrorNamingTheStream() throws Exception {
        try (ContextHandle ctx = SHARED.child().openContext("echo", "produce", Map.of("n", 10_000))) {
            assertThat(ctx.started()).isEqualTo(10_000);
            Thread.sleep(TIMEOUT.toMillis() + 1_500);
            assertThatThrownBy(ctx::result).isInstanceOf(TractorException.class)
                    .hasMessageContaining("echo.produce")
                    .hasMessageContaining("did not open (ContextHandle.openStream) nor end (result())");
        }
    }

    @Test
    void aCallerThatOpensItsStreamLateButWithinTheTimeoutGetsEveryItem() throws Exception {
        try (ContextHandle ctx = SHARED.child().openContext("echo", "produce", Map.of("n", 100))) {
            ctx.started();
            Thread.sleep(TIMEOUT.toMillis() / 2);
            int n = 0;
            try (MsgStream<Integer> stream = ctx.openStream(Integer.class)) {
                for (Integer ignored : stream) {
                    n++;
                }
            }
            assertThat(n).isEqualTo(100);
            assertThat(ctx.result()).isEqualTo(100);
        }
    }
}
