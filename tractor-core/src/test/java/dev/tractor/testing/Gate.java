package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Tractor;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gate in the root actor that children wait at, so that several children act at the same moment:
 * children call {@link #failAfterGate}, which waits in the caller's {@link #pass} until the test calls
 * {@link #open()}.
 */
@ActorNamespace("gate")
public class Gate {

    private static volatile CountDownLatch latch = new CountDownLatch(1);
    private static final AtomicInteger WAITING = new AtomicInteger();

    /** Closes the gate again and forgets the waiters (call before each test). */
    public static void reset() {
        latch = new CountDownLatch(1);
        WAITING.set(0);
    }

    /** How many calls are waiting at the gate. */
    public static int waiting() {
        return WAITING.get();
    }

    /** Lets every waiting (and later) call through. */
    public static void open() {
        latch.countDown();
    }

    @ActorFunction
    public boolean pass() throws InterruptedException {
        WAITING.incrementAndGet();
        latch.await();
        return true;
    }

    /** Waits at the caller's gate, then throws {@code IllegalStateException(message)}. */
    @ActorFunction
    public String failAfterGate(String message) {
        Tractor.caller().run("gate", "pass", Map.of());
        throw new IllegalStateException(message);
    }
}
