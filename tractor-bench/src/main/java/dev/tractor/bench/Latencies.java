package dev.tractor.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, kept up to a fixed number; later samples are dropped. Not thread-safe. */
public final class Latencies {

    private static final int MAX_SAMPLES = 4_000_000;

    private long[] samples = new long[4096];
    private int size;

    /** Adds one sample. */
    public void add(long nanos) {
        if (size == samples.length) {
            if (size == MAX_SAMPLES) {
                return;
            }
            samples = Arrays.copyOf(samples, Math.min(MAX_SAMPLES, size * 2));
        }
        samples[size++] = nanos;
    }

    /** Adds every sample of {@code other}. */
    public void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.samples[i]);
        }
    }

    public int size() {
        return size;
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in microseconds; NaN without samples. */
    public double percentileMicros(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))] / 1000.0;
    }
}
