package dev.tractor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a nursery supervises its children: a {@link RestartStrategy}, a restart limit (at most {@code maxRestarts}
 * restarts within {@code within}, OTP's restart intensity) and the backoff between restarts (exponential from
 * {@code minBackoff} to {@code maxBackoff}, each delay varied by up to {@code jitter} of itself, so restarted
 * siblings do not start in lockstep).
 *
 * <p>When a restart would exceed the limit, or a restarted child fails to come up at all, the nursery gives up: it
 * cancels every child it owns and raises {@link SupervisorGaveUp}, which carries every failure that led there.
 * Immutable.
 *
 * @param strategy    what a failure restarts
 * @param maxRestarts how many restarts are allowed within {@code within}; 0 gives up at the first failure
 * @param within      the sliding period the restart limit counts over
 * @param minBackoff  the delay before the first restart in a row
 * @param maxBackoff  the most a delay grows to
 * @param jitter      the fraction (0 to 1) by which each delay varies at random
 */
public record Supervision(RestartStrategy strategy, int maxRestarts, Duration within, Duration minBackoff,
                          Duration maxBackoff, double jitter) {

    /** Default restart limit: 3 restarts within 10 s. */
    public static final int DEFAULT_MAX_RESTARTS = 3;
    /** Default period of the restart limit. */
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(10);
    /** Default first backoff. */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    /** Default longest backoff. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    /** Default jitter. */
    public static final double DEFAULT_JITTER = 0.2;

    public Supervision {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(within, "within");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be 0 or more, not " + maxRestarts);
        }
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("within must be positive, not " + within);
        }
        if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= minBackoff <= maxBackoff, not "
                    + minBackoff + " and " + maxBackoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, not " + jitter);
        }
    }

    /** A supervision with {@code strategy} and the default limit and backoff. */
    public static Supervision of(RestartStrategy strategy) {
        return new Supervision(strategy, DEFAULT_MAX_RESTARTS, DEFAULT_WITHIN, DEFAULT_MIN_BACKOFF,
                DEFAULT_MAX_BACKOFF, DEFAULT_JITTER);
    }

    /** Today's nursery: a failing child cancels its siblings; nothing restarts. */
    public static Supervision oneCancelsAll() {
        return of(RestartStrategy.ONE_CANCELS_ALL);
    }

    /** Restarts a failed child alone. */
    public static Supervision oneForOne() {
        return of(RestartStrategy.ONE_FOR_ONE);
    }

    /** Restarts every child when one fails. */
    public static Supervision oneForAll() {
        return of(RestartStrategy.ONE_FOR_ALL);
    }

    /** Restarts a failed child and those started after it. */
    public static Supervision restForOne() {
        return of(RestartStrategy.REST_FOR_ONE);
    }

    /** This supervision with at most {@code maxRestarts} restarts within {@code within}. */
    public Supervision withLimit(int maxRestarts, Duration within) {
        return new Supervision(strategy, maxRestarts, within, minBackoff, maxBackoff, jitter);
    }

    /** This supervision with another backoff between restarts. */
    public Supervision withBackoff(Duration minBackoff, Duration maxBackoff, double jitter) {
        return new Supervision(strategy, maxRestarts, within, minBackoff, maxBackoff, jitter);
    }

    /** Whether this supervision restarts anything (every strategy but {@link RestartStrategy#ONE_CANCELS_ALL}). */
    public boolean restarts() {
        return strategy != RestartStrategy.ONE_CANCELS_ALL;
    }

    /**
     * The delay before the {@code n}th restart in a row (1 for the first): {@code minBackoff * 2^(n-1)}, at most
     * {@code maxBackoff}, then varied by {@code jitter} using {@code random} (0 to 1).
     */
    public Duration backoff(int n, double random) {
        long min = minBackoff.toNanos();
        long max = maxBackoff.toNanos();
        long base = min;
        for (int i = 1; i < n && base < max; i++) {
            base = base > max / 2 ? max : base * 2;
        }
        base = Math.min(base, max);
        double varied = base * (1 + jitter * (2 * random - 1));
        return Duration.ofNanos(Math.max(0, Math.round(varied)));
    }
}
