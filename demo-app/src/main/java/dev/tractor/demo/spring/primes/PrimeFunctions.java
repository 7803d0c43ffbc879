package dev.tractor.demo.spring.primes;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Context;
import dev.tractor.MsgStream;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.springframework.stereotype.Component;

/**
 * What a worker actor does: counts the primes in a range and streams its progress. A range that contains the
 * number {@code poison} fails there, on purpose: the demo's provoked failure.
 */
@Component
@ActorNamespace("primes")
public class PrimeFunctions {

    /** How many numbers a worker checks between two progress items. */
    static final long CHUNK = 25_000;

    /**
     * Counts the primes in {@code [from, to)}, yielding a progress item per chunk: {@code {checked, total,
     * primes, pid}}; the last one has the whole count. Fails with {@link IllegalStateException} on reaching
     * {@code poison} (0: never).
     */
    @ActorFunction
    public Stream<Map<String, Object>> count(long from, long to, long poison) {
        Iterator<Map<String, Object>> progress = new Iterator<>() {
            private long next = from;
            private long primes;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long end = Math.min(to, next + CHUNK);
                for (long n = next; n < end; n++) {
                    if (n == poison) {
                        throw new IllegalStateException("intentional failure (demo): worker reached the poisoned "
                                + "number " + poison);
                    }
                    if (isPrime(n)) {
                        primes++;
                    }
                }
                next = end;
                return Map.of("checked", next - from, "total", to - from, "primes", primes,
                        "pid", ProcessHandle.current().pid());
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(progress, Spliterator.ORDERED), false);
    }

    /**
     * Counts the primes in {@code [from, to)} under its caller's control: {@code started} with this process's pid,
     * then over the context's stream it sends a progress item per chunk ({@code {checked, total, primes, state}})
     * and obeys the messages it receives: {@code "pause"}, {@code "resume"}, {@code "stop"}. Its last item has the
     * state {@code done} or {@code stopped}; returns the primes counted. Pausing takes no CPU.
     */
    @ActorFunction
    public long countControlled(Context ctx, long from, long to) throws InterruptedException {
        ctx.started(ProcessHandle.current().pid());
        try (MsgStream<String> stream = ctx.openStream(String.class)) {
            AtomicReference<String> command = new AtomicReference<>("resume");
            Thread reader = Thread.ofVirtual().start(() -> {
                for (String message : stream) {
                    command.set(message);
                }
            });
            long next = from;
            long primes = 0;
            String state = "counting";
            while (next < to && !command.get().equals("stop")) {
                if (command.get().equals("pause")) {
                    if (!state.equals("paused")) {
                        state = "paused";
                        stream.send(progress(next - from, to - from, primes, state));
                    }
                    Thread.sleep(20);
                    continue;
                }
                state = "counting";
                long end = Math.min(to, next + CHUNK / 5);
                for (long n = next; n < end; n++) {
                    if (isPrime(n)) {
                        primes++;
                    }
                }
                next = end;
                stream.send(progress(next - from, to - from, primes, state));
            }
            stream.send(progress(next - from, to - from, primes, next < to ? "stopped" : "done"));
            reader.join(java.time.Duration.ofSeconds(10));   // until the caller closes its side
            return primes;
        }
    }

    /** Counts the primes in {@code [from, to)} in one answer, after pausing {@code pauseMs} (a slower worker). */
    @ActorFunction
    public long countRange(long from, long to, long pauseMs) throws InterruptedException {
        Thread.sleep(pauseMs);
        long primes = 0;
        for (long n = from; n < to; n++) {
            if (isPrime(n)) {
                primes++;
            }
        }
        return primes;
    }

    /** This worker's process id. */
    @ActorFunction
    public long pid() {
        return ProcessHandle.current().pid();
    }

    private static Map<String, Object> progress(long checked, long total, long primes, String state) {
        return Map.of("checked", checked, "total", total, "primes", primes, "state", state);
    }

    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
