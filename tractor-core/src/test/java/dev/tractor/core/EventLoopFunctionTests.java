package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.RemoteActorError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.testing.Calc;
import dev.tractor.testing.LoopFunctions;
import dev.tractor.testing.NoLeaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Plain functions that run on the connection's event loop ({@code @ActorFunction(onEventLoop = true)}). */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventLoopFunctionTests {

    private static ActorRuntime root() {
        return Tractor.openRoot(TractorConfig.builder().name("loop-root").cookie("loop-tests")
                .registry("127.0.0.1", 0).enableModules(Calc.class, LoopFunctions.class).build());
    }

    @Test
    void aPlainFunctionAnswersFromTheEventLoopAndAnErrorIsReportedAsFromAnyFunction() {
        try (ActorRuntime rt = root(); ActorNursery n = rt.openNursery()) {
            Portal child = n.startActor("loop");
            assertThat(child.run("loop", "twice", Map.of("x", 21))).isEqualTo(42);
            assertThat((String) child.run("loop", "thread", Map.of())).startsWith("tractor-io-loop")
                    .doesNotContain("virtual");
            assertThatThrownBy(() -> child.run("loop", "fail", Map.of("message", "on purpose")))
                    .isInstanceOf(RemoteActorError.class).hasMessageContaining("on purpose")
                    .hasMessageContaining("loop.fail");
            assertThatThrownBy(() -> child.run("loop", "twice", Map.of("x", "not a number")))
                    .isInstanceOf(RemoteActorError.class).hasMessageContaining("twice");
            List<Object> many = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                many.add(child.run("loop", "twice", Map.of("x", i)));
            }
            assertThat(many).hasSize(1_000).element(999).isEqualTo(1_998);
        }
    }

    @Test
    void callingAnotherActorFromTheEventLoopFailsAtOnceInsteadOfBlockingIt() {
        try (ActorRuntime rt = root(); ActorNursery n = rt.openNursery()) {
            Portal child = n.startActor("loop");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> child.run("loop", "callBack", Map.of()))
                    .isInstanceOf(RemoteActorError.class)
                    .hasMessageContaining("loop.callBack runs on the event loop")
                    .hasMessageContaining("remove onEventLoop");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
            assertThat(child.run("loop", "twice", Map.of("x", 2))).as("the connection still serves").isEqualTo(4);
        }
    }

    @Test
    void aStreamingFunctionRunsOnAThreadOfItsOwnEvenIfItAsksForTheEventLoop() {
        try (ActorRuntime rt = root(); ActorNursery n = rt.openNursery()) {
            Portal child = n.startActor("loop");
            List<String> seen = new ArrayList<>();
            try (var s = child.openStreamFrom("loop", "threads", Map.of("n", 3), String.class)) {
                s.forEach(seen::add);
            }
            assertThat(seen).containsExactly("virtual", "virtual", "virtual");
        }
    }
}
