package dev.tractor.bench;

/**
 * A count of events over a measured time.
 *
 * @param count events
 * @param nanos the time they took
 */
public record Throughput(long count, long nanos) {

    /** Events per second. */
    public double perSecond() {
        return nanos == 0 ? 0 : count * 1e9 / nanos;
    }

    /** The sum of two measurements. */
    public Throughput plus(Throughput other) {
        return new Throughput(count + other.count, nanos + other.nanos);
    }
}
