package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.CancelScope;
import dev.tractor.Tractor;
import java.time.Duration;
import java.util.Map;

/** Calls that go on to another actor found by name, to follow a deadline across hops. */
@ActorNamespace("relay")
public class Relay {

    /** Has {@code target} sleep {@code millis}, waiting for it. */
    @ActorFunction
    public long sleepVia(String target, long millis) {
        return Tractor.current().findActor(target).orElseThrow()
                .run("calc", "sleep", Map.of("millis", millis), Long.class);
    }

    /** Milliseconds left of the deadline this task runs under, -1 if none. */
    @ActorFunction
    public long remaining() {
        return CancelScope.current().flatMap(CancelScope::remaining).map(Duration::toMillis).orElse(-1L);
    }

    /** What {@link #remaining()} answers in {@code target}, called from this task. */
    @ActorFunction
    public long remainingVia(String target) {
        return Tractor.current().findActor(target).orElseThrow().run("relay", "remaining", Map.of(), Long.class);
    }

    /** Tries to open a second root actor inside this task. */
    @ActorFunction
    public String openAnotherRoot() {
        try (var nested = Tractor.openRoot(dev.tractor.TractorConfig.builder().name("nested").registry("127.0.0.1", 0)
                .build())) {
            return "opened " + nested.uid();
        }
    }
}
