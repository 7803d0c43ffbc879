package dev.tractor;

import java.time.Duration;

/**
 * A deadline ({@link Tractor#deadline}, a per-call timeout, or one inherited from a caller across actors) passed
 * while work was under way; the remote tasks it covered were cancelled. The message names the call, the actor and
 * the deadline.
 */
public class DeadlineExceeded extends TractorException {

    private final Duration deadline;

    public DeadlineExceeded(String message, Duration deadline, Throwable cause) {
        super(message, cause);
        this.deadline = deadline;
    }

    /** The time the deadline allowed, from when it was set. */
    public Duration deadline() {
        return deadline;
    }
}
