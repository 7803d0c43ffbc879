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

    /**
     * {@link #DEFAULTS}, with the interval and tolerance from the system properties {@code tractor.heartbeat.interval}
     * and {@code tractor.heartbeat.tolerance} where set ({@code 500ms}, {@code 10s}, {@code 2m} or ISO-8601).
     *
     * @throws IllegalArgumentException naming the property if a value cannot be read
     */
    public static Heartbeat fromSystemProperties() {
        return new Heartbeat(property("tractor.heartbeat.interval", DEFAULTS.interval),
                property("tractor.heartbeat.tolerance", DEFAULTS.tolerance));
    }

    private static Duration property(String name, Duration otherwise) {
        String text = System.getProperty(name);
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim());
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("system property " + name + "=" + text
                    + " is not a duration (write e.g. 500ms, 10s, 2m or PT10S)", e);
        }
    }

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
