package dev.tractor;

import java.time.Duration;
import java.util.Objects;

/**
 * Liveness of every connection. Each side sends a small {@code ping} after {@code interval} without writing
 * anything else; a peer from which nothing at all arrived for {@code tolerance} is treated as gone: its connection
 * is closed, waiting callers get {@link ActorDied} saying how long it was silent, and a child whose parent is silent
 * cancels itself and exits. The verdict waits one more interval after a pause of this actor's own (a long GC, a
 * stopped process), so that data that arrived meanwhile is read first. Children inherit their parent's setting.
 *
 * @param interval  how often an otherwise idle connection carries a ping
 * @param tolerance how long a peer may be silent before it is treated as gone; at least three intervals
 */
public record Heartbeat(Duration interval, Duration tolerance) {

    /** A ping every 5 s; gone after 30 s of silence (long GC pauses on a small machine do not reach it). */
    public static final Heartbeat DEFAULTS = new Heartbeat(Duration.ofSeconds(5), Duration.ofSeconds(30));

    public Heartbeat {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(tolerance, "tolerance");
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("heartbeat interval must be at least 10 ms, got " + interval);
        }
        if (tolerance.compareTo(interval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("heartbeat tolerance must be at least three intervals ("
                    + interval.multipliedBy(3) + "), got " + tolerance);
        }
    }
}
