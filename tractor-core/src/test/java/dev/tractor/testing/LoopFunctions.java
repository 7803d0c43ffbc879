package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Tractor;
import java.util.Map;
import java.util.stream.Stream;

/** Functions that ask to run on the event loop ({@code @ActorFunction(onEventLoop = true)}), for the tests. */
@ActorNamespace("loop")
public class LoopFunctions {

    @ActorFunction(onEventLoop = true)
    public int twice(int x) {
        return 2 * x;
    }

    /** The name of the thread the function ran on. */
    @ActorFunction(onEventLoop = true)
    public String thread() {
        return Thread.currentThread().getName() + (Thread.currentThread().isVirtual() ? " (virtual)" : "");
    }

    @ActorFunction(onEventLoop = true)
    public int fail(String message) {
        throw new IllegalStateException(message);
    }

    /** Tries to look up and call its parent, which would wait on the event loop it holds. */
    @ActorFunction(onEventLoop = true)
    public Object callBack() {
        return Tractor.current().findActor("loop-root").map(p -> p.run("calc", "square", Map.of("x", 3)))
                .orElse(null);
    }

    /** Asks for the event loop but streams: runs on a thread of its own all the same. */
    @ActorFunction(onEventLoop = true)
    public Stream<String> threads(int n) {
        return Stream.generate(() -> Thread.currentThread().isVirtual() ? "virtual" : "platform").limit(n);
    }
}
