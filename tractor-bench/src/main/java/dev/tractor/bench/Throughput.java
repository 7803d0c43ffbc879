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

    /** The median rate of {@code rounds}, in events per second. */
    public static double median(java.util.List<Throughput> rounds) {
        double[] rates = rounds.stream().mapToDouble(Throughput::perSecond).sorted().toArray();
        int n = rates.length;
        return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    }

    /** The sum of two measurements. */
    public Throughput plus(Throughput other) {
        return new Throughput(count + other.count, nanos + other.nanos);
    }
}
