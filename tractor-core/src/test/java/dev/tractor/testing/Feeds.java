package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Streaming functions (functype asyncgen) used by the tests. Producers that take a {@code key} record
 * what they did in {@link Observations}: {@code key.produced} counts items pulled from the source,
 * {@code key.closed} counts runs of the returned Stream's close handlers, notes under {@code key} say how
 * the producer ended.
 */
@ActorNamespace("feeds")
public class Feeds {

    /** 0, 1, …, to - 1 as a lazy Stream. */
    @ActorFunction
    public Stream<Integer> count(int to) {
        return IntStream.range(0, to).boxed();
    }

    /** 0, 1, …, to - 1 from an Iterable that is not a collection. */
    @ActorFunction
    public Iterable<Integer> countIterable(int to) {
        return () -> count(to).iterator();
    }

    /** The letters of {@code word} from an Iterator. */
    @ActorFunction
    public Iterator<String> letters(String word) {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < word.length();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return String.valueOf(word.charAt(i++));
            }
        };
    }

    /** 0, 1, 2, … without end; counts what it produced and when its close handlers ran. */
    @ActorFunction
    public Stream<Long> forever(String key) {
        return Stream.iterate(0L, i -> i + 1)
                .peek(i -> Observations.add(key + ".produced", 1))
                .onClose(() -> closed(key));
    }

    /**
     * Byte arrays of {@code size} bytes (the first byte is the item's number mod 128) without end; counts
     * what it produced and when its close handlers ran, as {@link #forever} does.
     */
    @ActorFunction
    public Stream<byte[]> foreverBytes(String key, int size) {
        return Stream.iterate(0L, i -> i + 1)
                .map(i -> {
                    byte[] b = new byte[size];
                    b[0] = (byte) (i % 128);
                    return b;
                })
                .peek(b -> Observations.add(key + ".produced", 1))
                .onClose(() -> closed(key));
    }

    /** 0, …, to - 1, with a close handler recorded under {@code key}. */
    @ActorFunction
    public Stream<Integer> countTracked(String key, int to) {
        return IntStream.range(0, to).boxed()
                .peek(i -> Observations.add(key + ".produced", 1))
                .onClose(() -> closed(key));
    }

    /** 0, …, n - 1, then fails with IllegalStateException; records its close handler under {@code key}. */
    @ActorFunction
    public Stream<Integer> failAfter(String key, int n) {
        return IntStream.range(0, n + 1).boxed().map(i -> {
            if (i == n) {
                throw new IllegalStateException("feed broke after " + n + " items");
            }
            return i;
        }).onClose(() -> closed(key));
    }

    /** 0, …, before - 1, then waits for the gate {@code key} to open, then before, …, before + after - 1. */
    @ActorFunction
    public Stream<Integer> gated(String key, int before, int after) {
        return IntStream.range(0, before + after).boxed().peek(i -> {
            if (i == before) {
                try {
                    Observations.note(key, "waiting at the gate");
                    Observations.awaitGate(key);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted at the gate", e);
                }
            }
        });
    }

    /** Yields 0, then sleeps a minute before yielding more; notes the sleep and an interrupt under {@code key}. */
    @ActorFunction
    public Iterator<Integer> sleepy(String key) {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (i > 0) {
                    try {
                        Observations.note(key, "sleeping");
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Observations.note(key, "interrupted while sleeping");
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("cancelled", e);
                    }
                }
                return i++;
            }
        };
    }

    /** A plain function, for calling in the wrong style. */
    @ActorFunction
    public long plainSleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }

    private static void closed(String key) {
        Observations.add(key + ".closed", 1);
        Observations.note(key, "closed");
    }
}
