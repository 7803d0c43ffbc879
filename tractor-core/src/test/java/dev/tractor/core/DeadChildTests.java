package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tractor.ActorDied;
import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.testing.Doom;
import dev.tractor.testing.NoLeaks;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Children that die under a waiting caller — killed with SIGKILL, {@code System.exit}, out of memory —
 * during a plain call, a stream and a context: the caller gets {@link ActorDied} (name, exit code, last
 * output) within 2 s, the nursery reports the death as the child's failure, and nothing is left.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeadChildTests {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private static TractorConfig config() {
        return TractorConfig.builder().name("root").enableModules(Doom.class)
                .cancelGracePeriod(Duration.ofSeconds(2)).build();
    }

    /** How the child dies and what the caller must learn. */
    private enum Death {
        KILL(137, "died during"), EXIT(Doom.EXIT_CODE, "last words of doomed"), OOM(3, "OutOfMemoryError");

        final int exitCode;
        final String inMessage;

        Death(int exitCode, String inMessage) {
            this.exitCode = exitCode;
            this.inMessage = inMessage;
        }

        String how() {
            return name().toLowerCase();
        }

        ActorOptions options() {
            return this == OOM ? ActorOptions.DEFAULTS.withJvmArgs("-Xmx40m") : ActorOptions.DEFAULTS;
        }
    }

    /** Notes when the death is caused (the kill, or the start of the fatal call); kills for KILL. */
    private static void causeDeath(Death death, long pid, AtomicLong trigger) {
        trigger.set(System.nanoTime());
        if (death == Death.KILL) {
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0} during a {1}")
    @CsvSource({"KILL, call", "EXIT, call", "OOM, call", "KILL, stream", "EXIT, stream", "OOM, stream",
            "KILL, context", "EXIT, context", "OOM, context"})
    void aDyingChildRaisesActorDiedInTheWaitingCallerAndFailsItsNursery(Death death, String style) {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            ActorNursery n = rt.openNursery();
            Portal doomed = n.startActor("doomed", death.options());
            long pid = doomed.run("doom", "pid", Map.of(), Long.class);
            AtomicLong trigger = new AtomicLong();
            Throwable error = catchThrowable(() -> {
                switch (style) {
                    case "call" -> callAndDie(doomed, death, pid, trigger);
                    case "stream" -> streamAndDie(doomed, death, pid, trigger);
                    default -> contextAndDie(doomed, death, pid, trigger);
                }
            });
            Duration took = Duration.ofNanos(System.nanoTime() - trigger.get());

            assertThat(error).isInstanceOfSatisfying(ActorDied.class, e -> {
                assertThat(e.actor().name()).isEqualTo("doomed");
                assertThat(e.exitCode()).hasValue(death.exitCode);
                assertThat(e.getMessage()).contains(death.inMessage);
            });
            assertThat(took).isLessThan(DEADLINE);
            assertThatThrownBy(n::close).isInstanceOfSatisfying(ActorDied.class,
                    e -> assertThat(e.actor().name()).isEqualTo("doomed"));
        }
    }

    private static void callAndDie(Portal doomed, Death death, long pid, AtomicLong trigger) {
        if (death == Death.KILL) {
            Thread.ofVirtual().start(() -> {
                sleep(300);
                causeDeath(death, pid, trigger);
            });
        } else {
            causeDeath(death, pid, trigger);
        }
        doomed.run("doom", "die", Map.of("how", death.how()));
    }

    private static void streamAndDie(Portal doomed, Death death, long pid, AtomicLong trigger) {
        trigger.set(System.nanoTime());
        try (ReceiveStream<Integer> s = doomed.openStreamFrom("doom", "dieStreaming", Map.of("how", death.how()),
                Integer.class)) {
            for (int i = 0; i < 3; i++) {
                assertThat(s.receive()).isEqualTo(i);
            }
            if (death == Death.KILL) {
                causeDeath(death, pid, trigger);
            }
            s.receive();
        }
    }

    private static void contextAndDie(Portal doomed, Death death, long pid, AtomicLong trigger) {
        trigger.set(System.nanoTime());
        try (ContextHandle ctx = doomed.openContext("doom", "dieInContext", Map.of("how", death.how()))) {
            assertThat(ctx.started()).isEqualTo("ready");
            try (MsgStream<String> s = ctx.openStream(String.class)) {
                s.send("ping");
                assertThat(s.receive()).isEqualTo("ping");
                if (death == Death.KILL) {
                    causeDeath(death, pid, trigger);
                }
                s.receive();
            }
        }
    }

    @Test
    void aKilledRunInActorChildFailsItsNurseryWithActorDied() {
        try (ActorRuntime rt = Tractor.openRoot(config())) {
            ActorNursery n = rt.openNursery();
            Portal doomed = n.runInActor("doomed", "doom", "die", Map.of("how", "kill"));
            long pid = doomed.run("doom", "pid", Map.of(), Long.class);
            AtomicLong trigger = new AtomicLong();
            causeDeath(Death.KILL, pid, trigger);
            assertThatThrownBy(doomed::result).isInstanceOfSatisfying(ActorDied.class,
                    e -> assertThat(e.exitCode()).hasValue(137));
            assertThat(Duration.ofNanos(System.nanoTime() - trigger.get())).isLessThan(DEADLINE);
            assertThatThrownBy(n::close).isInstanceOfSatisfying(ActorDied.class,
                    e -> assertThat(e.actor().name()).isEqualTo("doomed"));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
