package dev.tractor;

import java.util.List;

/**
 * A supervising nursery gave up: a restart would have exceeded its restart limit, or a restarted child failed to
 * come up. Every child it owned was cancelled. {@link #failures()} holds every failure that led there, oldest first
 * (each is also attached as suppressed), not only the last.
 */
public class SupervisorGaveUp extends TractorException {

    private final List<Throwable> failures;

    public SupervisorGaveUp(String message, List<Throwable> failures) {
        super(message, failures.isEmpty() ? null : failures.getLast());
        this.failures = List.copyOf(failures);
        for (Throwable t : this.failures) {
            if (t != getCause()) {
                addSuppressed(t);
            }
        }
    }

    /** Every failure that led the supervisor to give up, oldest first. */
    public List<Throwable> failures() {
        return failures;
    }
}
