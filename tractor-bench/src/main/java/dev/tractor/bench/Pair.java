package dev.tractor.bench;

import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * A measurement of both sides.
 *
 * @param tractor Tractor's
 * @param raw     the raw baseline's
 * @param <T>     the measurement
 */
public record Pair<T>(T tractor, T raw) {

    /**
     * Measures both targets {@code rounds} times, alternating which goes first, and merges each side's rounds,
     * so that drift in the machine's load affects both alike.
     */
    public static <T> Pair<T> alternate(Target tractor, Target raw, int rounds, Function<Target, T> measure,
                                        BinaryOperator<T> merge) {
        T t = null;
        T r = null;
        for (int i = 0; i < rounds; i++) {
            Target first = i % 2 == 0 ? raw : tractor;
            Target second = first == raw ? tractor : raw;
            T a = measure.apply(first);
            T b = measure.apply(second);
            T mt = first == tractor ? a : b;
            T mr = first == raw ? a : b;
            t = t == null ? mt : merge.apply(t, mt);
            r = r == null ? mr : merge.apply(r, mr);
        }
        return new Pair<>(t, r);
    }
}
