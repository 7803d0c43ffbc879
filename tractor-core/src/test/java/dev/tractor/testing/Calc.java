package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Tractor;
import java.util.List;
import java.util.Map;

/** Plain functions used by the tests. */
@ActorNamespace("calc")
public class Calc implements CalcApi {

    /** A record argument and result, to check value mapping. */
    public record Point(int x, int y, byte[] tag) {
    }

    @Override
    @ActorFunction
    public int square(int x) {
        return x * x;
    }

    @Override
    @ActorFunction
    public int add(int a, int b) {
        return a + b;
    }

    @ActorFunction
    public Point move(Point p, int dx) {
        return new Point(p.x() + dx, p.y(), p.tag());
    }

    @ActorFunction
    public Map<String, Object> echoMap(Map<String, Object> value) {
        return value;
    }

    @ActorFunction
    public List<Integer> range(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    @ActorFunction
    public String fail(String message) {
        throw new IllegalStateException(message);
    }

    @ActorFunction
    public long sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }

    @ActorFunction
    public String whoami() {
        return Tractor.current().uid().name();
    }

    @ActorFunction
    public void exit(int code) {
        System.exit(code);
    }

    /** Calls back the caller over the same connection: both sides of a connection may call. */
    @ActorFunction
    public int squareViaCaller(int x) {
        return Tractor.caller().run("calc", "square", Map.of("x", x), Integer.class);
    }

    /** Ignores interrupts for {@code millis}: cancelling must still end its actor after the grace period. */
    @ActorFunction
    public long stubborn(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            try {
                Thread.sleep(Math.max(1, end - System.currentTimeMillis()));
            } catch (InterruptedException ignored) {
                // deliberately ignored
            }
        }
        return millis;
    }

    /** Not exposed: calling it must answer NoSuchFunction. */
    public int hidden() {
        return 42;
    }
}
