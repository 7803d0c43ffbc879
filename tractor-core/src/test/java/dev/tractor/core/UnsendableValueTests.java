package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.RemoteActorError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.Awkward;
import dev.tractor.testing.Calc;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.SharedChild;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One value that cannot be sent fails one call: results, stream items, started values and arguments that have
 * no msgpack form (or exceed the frame limit) end their own call with an error naming the function, the value's
 * type and the cause, while the connection — here a child's only link to its parent — and every other call on
 * it live on. Optional and java.time values cross as they are.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnsendableValueTests {

    static final int FRAME_LIMIT = 256 * 1024;
    static ActorRuntime root;
    static ActorNursery nursery;
    static Portal child;
    static long childPid;

    @BeforeAll
    static void start() {
        root = Tractor.openRoot(TractorConfig.builder().name("root").registry("127.0.0.1", 0)
                .maxFrameBytes(FRAME_LIMIT).enableModules(Awkward.class, Calc.class).build());
        nursery = root.openNursery();
        child = nursery.startActor("awkward");
        childPid = childPid();
    }

    @AfterAll
    static void stop() {
        try {
            nursery.close();
        } finally {
            root.close();
        }
    }

    /** The child is the same process, still linked to its parent and serving, with no call left open. */
    @AfterEach
    void theChildLivesOn() throws ReflectiveOperationException {
        assertThat(child.run("calc", "square", Map.of("x", 12))).isEqualTo(144);
        assertThat(childPid()).isEqualTo(childPid);
        assertThat(SharedChild.openCalls(child)).isZero();
    }

    private static long childPid() {
        return ProcessHandle.current().children().findFirst().orElseThrow().pid();
    }

    @Test
    void optionalAndTimeValuesCrossAsTheyAre() {
        assertThat(child.run("awkward", "maybe", Map.of("present", true))).isEqualTo("here");
        assertThat(child.run("awkward", "maybe", Map.of("present", false))).isNull();
        assertThat(child.run("awkward", "optionalIn", Map.of("value", Optional.of("x")))).isEqualTo("x!");
        assertThat(child.run("awkward", "optionalIn", Map.of("value", Optional.empty()))).isNull();
        Instant when = Instant.parse("2026-01-02T03:04:05Z");
        assertThat(child.run("awkward", "later", Map.of("when", when, "by", Duration.ofHours(1)), Instant.class))
                .isEqualTo(when.plus(Duration.ofHours(1)));
    }

    @Test
    void aResultThatCannotBeEncodedFailsItsCallNamingTheFunctionTypeAndCause() {
        assertThatThrownBy(() -> child.run("awkward", "cyclicResult", Map.of()))
                .isInstanceOf(RemoteActorError.class)
                .hasMessageContaining("awkward.cyclicResult")
                .hasMessageContaining("the result (a java.util.ArrayList)")
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void aResultOverTheFrameLimitFailsItsCallOnly() {
        assertThatThrownBy(() -> child.run("awkward", "huge", Map.of("bytes", 2 * FRAME_LIMIT)))
                .isInstanceOf(RemoteActorError.class)
                .hasMessageContaining("awkward.huge")
                .hasMessageContaining("the result (a [B)")
                .hasMessageContaining("frame limit of " + FRAME_LIMIT);
        assertThat((byte[]) child.run("awkward", "huge", Map.of("bytes", FRAME_LIMIT / 2))).hasSize(FRAME_LIMIT / 2);
    }

    @Test
    void aStreamItemThatCannotBeEncodedEndsThatStreamAfterTheGoodOnes() {
        try (ReceiveStream<Object> s = child.openStreamFrom("awkward", "badThirdItem", Map.of(), Object.class)) {
            assertThat(s.receive()).isEqualTo(1);
            assertThat(s.receive()).isEqualTo(2);
            assertThatThrownBy(s::receive)
                    .isInstanceOf(RemoteActorError.class)
                    .hasMessageContaining("awkward.badThirdItem")
                    .hasMessageContaining("a stream item (a java.util.ArrayList)");
        }
    }

    @Test
    void aStartedValueThatCannotBeEncodedFailsTheContext() {
        try (ContextHandle ctx = child.openContext("awkward", "badStarted", Map.of())) {
            assertThatThrownBy(ctx::started)
                    .isInstanceOf(RemoteActorError.class)
                    .hasMessageContaining("awkward.badStarted")
                    .hasMessageContaining("the started value (a java.util.ArrayList)");
        }
    }

    /**
     * A bean Jackson cannot write (its getter throws) as a result, as a started value and as an argument: only that
     * call fails, naming the function, the bean's type and the getter's own message; a call on the same connection
     * right after it is answered.
     */
    @Test
    void aBeanJacksonCannotWriteFailsOnlyItsCallNamingTheFunctionTypeAndCause() {
        String type = Awkward.Faulty.class.getName();
        assertThatThrownBy(() -> child.run("awkward", "faultyResult", Map.of()))
                .isInstanceOf(RemoteActorError.class)
                .hasMessageContaining("awkward.faultyResult")
                .hasMessageContaining("the result (a " + type + ")")
                .hasMessageContaining("the name is not ready");
        assertThat(child.run("calc", "square", Map.of("x", 5))).isEqualTo(25);
        try (ContextHandle ctx = child.openContext("awkward", "faultyStarted", Map.of())) {
            assertThatThrownBy(ctx::started)
                    .isInstanceOf(RemoteActorError.class)
                    .hasMessageContaining("awkward.faultyStarted")
                    .hasMessageContaining("the started value (a " + type + ")")
                    .hasMessageContaining("the name is not ready");
        }
        assertThat(child.run("calc", "square", Map.of("x", 6))).isEqualTo(36);
        assertThatThrownBy(() -> child.run("awkward", "echo", Map.of("value", new Awkward.Faulty())))
                .isInstanceOf(TractorException.class)
                .isNotInstanceOf(RemoteActorError.class)
                .hasMessageContaining("cannot send the arguments (value: a " + type + ") of awkward.echo")
                .hasMessageContaining("the name is not ready");
    }

    @Test
    void anArgumentThatCannotBeEncodedFailsTheCallHereAndNothingIsSent() {
        assertThatThrownBy(() -> child.run("awkward", "echo", Map.of("value", Awkward.cyclic())))
                .isInstanceOf(TractorException.class)
                .isNotInstanceOf(RemoteActorError.class)
                .hasMessageContaining("cannot send the arguments (value: a java.util.ArrayList) of awkward.echo")
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void callsInFlightOnTheSameConnectionAreUnaffected() throws Exception {
        try (var scope = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var slow = scope.submit(() -> child.run("calc", "sleep", Map.of("millis", 500), Long.class));
            assertThatThrownBy(() -> child.run("awkward", "cyclicResult", Map.of()))
                    .isInstanceOf(RemoteActorError.class);
            assertThatThrownBy(() -> child.run("awkward", "echo", Map.of("value", List.of(Awkward.cyclic()))))
                    .isInstanceOf(TractorException.class);
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(500L);
        }
    }
}
