package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tractor.ActorRuntime;
import dev.tractor.ContextCancelled;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.RemoteActorError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.testing.Calc;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.SharedChild;
import dev.tractor.testing.SharedChildExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every exit of the two blocks users write most — a context and a nursery — in both forms: the callback forms
 * ({@code withContext}, {@code withNursery}) see the body's exception, cancel what the block owns within the grace
 * period and rethrow it; the try-with-resources context follows StructuredTaskScope's rule (a block that did not
 * take {@code result()} has its remote task cancelled by {@code close()}); a cancel the caller asked for is absorbed,
 * one a third actor asked for is raised naming it.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BlockExitTests {

    static final Duration GRACE = Duration.ofSeconds(2);
    static final long PROMPTLY_MS = GRACE.toMillis() + 1_500;
    @RegisterExtension
    static final SharedChildExtension SHARED = SharedChildExtension.of(SharedChild.streamConfig()
            .cancelGracePeriod(GRACE).enableModules(Calc.class), "blocks");

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(String key) {
        return SHARED.child().run("obs", "notes", Map.of("key", key), List.class);
    }

    private static Map<String, Object> waiting(String key) {
        return Map.of("value", "v", "key", key);
    }

    @Test
    void withContextWhoseBodyThrowsCancelsTheRemoteTaskAndRethrows() {
        String key = key();
        long start = System.currentTimeMillis();
        assertThatThrownBy(() -> SHARED.child().withContext("echo", "startThenWait", waiting(key), (ctx, first) -> {
            assertThat(first).isEqualTo("v");
            throw new IllegalStateException("the body failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("the body failed")
                .satisfies(e -> assertThat(e.getSuppressed()).as("our own cancel is absorbed").isEmpty());
        assertThat(System.currentTimeMillis() - start).isLessThan(PROMPTLY_MS);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(notes(key)).containsExactly("interrupted while waiting, cancelled=true"));
    }

    @Test
    void withContextWhoseBodyThrowsACheckedExceptionRethrowsItAsIs() {
        String key = key();
        assertThatThrownBy(() -> SHARED.child().withContext("echo", "startThenWait", waiting(key), (ctx, first) -> {
            throw new java.io.IOException("checked");
        })).isInstanceOf(java.io.IOException.class).hasMessage("checked");
    }

    @Test
    void withContextReturnsTheBodysValueAfterTheRemoteResult() {
        int sum = SHARED.child().withContext("echo", "sum", Map.of("key", key()), (ctx, first) -> {
            try (var stream = ctx.openStream(Long.class)) {
                for (long i = 1; i <= 10; i++) {
                    stream.send(i);
                }
            }
            return 55;
        });
        assertThat(sum).isEqualTo(55);
    }

    @Test
    void withContextRaisesTheRemoteErrorWhenTheBodyReturns() {
        assertThatThrownBy(() -> SHARED.child().withContext("echo", "sum", Map.of("key", key()), (ctx, first) -> {
            try (var stream = ctx.openStream(Object.class)) {
                stream.send("not a number");
            }
            return null;
        })).isInstanceOf(RemoteActorError.class).hasMessageContaining("echo.sum");
    }

    @Test
    void aTryWithResourcesBlockThatThrowsBeforeTakingTheResultCancelsTheRemoteTaskInClose() {
        String key = key();
        long start = System.currentTimeMillis();
        assertThatThrownBy(() -> {
            try (ContextHandle ctx = SHARED.child().openContext("echo", "startThenWait", waiting(key))) {
                ctx.started();
                throw new IllegalStateException("left early");
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("left early")
                .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
        assertThat(System.currentTimeMillis() - start).isLessThan(PROMPTLY_MS);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(notes(key)).containsExactly("interrupted while waiting, cancelled=true"));
    }

    @Test
    void aTryWithResourcesBlockThatReturnsWithoutTheResultAlsoCancels() {
        String key = key();
        try (ContextHandle ctx = SHARED.child().openContext("echo", "startThenWait", waiting(key))) {
            assertThat(ctx.started()).isEqualTo("v");
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(notes(key)).containsExactly("interrupted while waiting, cancelled=true"));
    }

    @Test
    void aTryWithResourcesBlockThatTookTheResultEndsNormally() {
        String key = key();
        try (ContextHandle ctx = SHARED.child().openContext("echo", "startThenWait", waiting(key))) {
            ctx.started();
            SHARED.child().run("obs", "open", Map.of("key", key));
            assertThat(ctx.result()).isEqualTo("v!");
        }
        assertThat(notes(key)).isEmpty();
    }

    @Test
    void aCancelTheCallerAskedForIsAbsorbedByCloseAndNamesTheCallerInResult() {
        try (ContextHandle ctx = SHARED.child().openContext("echo", "startThenWait", waiting(key()))) {
            ctx.started();
            ctx.cancel();
            assertThatThrownBy(ctx::result).isInstanceOfSatisfying(ContextCancelled.class,
                    c -> assertThat(c.canceller()).isEqualTo(SHARED.root().uid()));
        }
        try (ContextHandle ctx = SHARED.child().openContext("echo", "startThenWait", waiting(key()))) {
            ctx.started();
            ctx.cancel();
        }
    }

    @Test
    void withNurseryWhoseBodyThrowsCancelsAndReapsItsChildrenAndRethrows() {
        long start = System.currentTimeMillis();
        assertThatThrownBy(() -> SHARED.root().withNursery(n -> {
            n.runInActor("sleeper", "calc", "sleep", Map.of("millis", 60_000));
            n.startActor("daemon");
            throw new IllegalStateException("the nursery body failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("the nursery body failed");
        assertThat(System.currentTimeMillis() - start).as("no wait for the 60 s result").isLessThan(30_000);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                ProcessHandle.current().children().count() == 1);   // only the shared child is left
    }

    @Test
    void withNurseryRaisesTheChildsErrorWhenTheBodyFailedOnlyBecauseTheNurseryWasCancelledByIt() {
        Throwable raised = catchThrowable(() -> SHARED.root().withNursery(n -> {
            Portal failer = n.runInActor("failer", "calc", "fail", Map.of("message", "the child failed"));
            assertThatThrownBy(failer::result).isInstanceOf(RemoteActorError.class);
            n.startActor("late");   // refused: the nursery was cancelled by the failure, which is its cause
            return 0;
        }));
        assertThat(raised).as("the child's own error, not the refused start that echoes it")
                .isInstanceOfSatisfying(RemoteActorError.class, e -> {
                    assertThat(e.remoteMessage()).isEqualTo("the child failed");
                    assertThat(e.source().name()).isEqualTo("failer");
                });
    }

    @Test
    void withNurseryReturnsTheBodysValueOnceTheResultsAreIn() {
        int value = SHARED.root().withNursery(n -> {
            Portal p = n.runInActor("squarer", "calc", "square", Map.of("x", 12));
            return p.result(Integer.class) + 1;
        });
        assertThat(value).isEqualTo(145);
    }

    @Test
    void aCancelAThirdActorAskedForIsRaisedNamingIt() throws Exception {
        try (ActorRuntime third = Tractor.openRoot(TractorConfig.builder().name("third").registry("127.0.0.1", 0)
                .build())) {
            int result = SHARED.root().withNursery(n -> {
                Portal victim = n.startActor("victim");
                ContextHandle ctx = victim.openContext("echo", "startThenWait", waiting(key()));
                ctx.started();
                third.connect(addressOf(victim)).cancelActor();
                assertThatThrownBy(ctx::result).isInstanceOfSatisfying(ContextCancelled.class,
                        c -> assertThat(c.canceller()).isEqualTo(third.uid()));
                ctx.close();
                return 1;
            });
            assertThat(result).isEqualTo(1);
        }
    }

    private static dev.tractor.Address addressOf(Portal p) {
        @SuppressWarnings("unchecked")
        Map<String, Object> status = p.run("self", "status", Map.of(), Map.class);
        return dev.tractor.Address.parse(String.valueOf(status.get("address")));
    }
}
