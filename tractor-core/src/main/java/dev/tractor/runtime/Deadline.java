package dev.tractor.runtime;

import java.time.Duration;

/** A point in time on the monotonic clock, for the runtime's bounded waits (grace periods, timeouts). Immutable. */
final class Deadline {

    private final long at;

    private Deadline(long at) {
        this.at = at;
    }

    /** {@code d} from now. */
    static Deadline after(Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos());
    }

    /** This deadline moved {@code d} later. */
    Deadline plus(Duration d) {
        return new Deadline(at + d.toNanos());
    }

    /** Whole milliseconds left, rounded up; 0 once it passed. */
    long remainingMillis() {
        long left = at - System.nanoTime();
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    boolean passed() {
        return at - System.nanoTime() <= 0;
    }
}
