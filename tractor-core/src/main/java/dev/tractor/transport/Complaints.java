package dev.tractor.transport;

import org.slf4j.Logger;

/**
 * Rate-limits the log lines one source (a peer, a listener) causes: at most {@code perWindow} lines per window;
 * the rest are counted, and the next line that is logged says how many were suppressed. Thread-safe.
 */
public final class Complaints {

    private final int perWindow;
    private final long windowNanos;
    private long windowStart = System.nanoTime();
    private int logged;
    private long suppressed;

    public Complaints(int perWindow, java.time.Duration window) {
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
    }

    /** Logs at WARN unless this source has used up its lines for the window; arguments as for SLF4J. */
    public void warn(Logger log, String format, Object... args) {
        long dropped;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                logged = 0;
            }
            if (logged >= perWindow) {
                suppressed++;
                return;
            }
            logged++;
            dropped = suppressed;
            suppressed = 0;
        }
        if (dropped > 0) {
            log.warn(format + " ({} similar lines suppressed before this one)", append(args, dropped));
        } else {
            log.warn(format, args);
        }
    }

    /** How many lines were suppressed and not yet reported. */
    public synchronized long suppressed() {
        return suppressed;
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
