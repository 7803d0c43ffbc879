package dev.tractor.runtime;

import dev.tractor.CancelScope;
import dev.tractor.DeadlineExceeded;
import dev.tractor.TractorException;
import java.time.Duration;

/** The deadline of the current thread's {@link CancelScope}, as calls carry it and report it. */
final class Deadlines {

    private Deadlines() {
    }

    /** Milliseconds left of the current deadline (at least 1 while one is set), or 0 if there is none. */
    static long remainingMillis() {
        return CancelScope.current().flatMap(CancelScope::remaining).map(d -> Math.max(1, d.toMillis())).orElse(0L);
    }

    /**
     * The error for a wait on {@code function} of {@code actor} that an interrupt ended: {@link DeadlineExceeded}
     * if the current scope's deadline passed, else {@code interrupted}.
     */
    static TractorException interrupted(String function, Object actor, TractorException interrupted) {
        CancelScope scope = CancelScope.current().filter(CancelScope::deadlinePassed).orElse(null);
        if (scope == null) {
            return interrupted;
        }
        Duration timeout = scope.timeout().orElse(Duration.ZERO);
        return new DeadlineExceeded(function + " on actor " + actor + " did not finish within the deadline of "
                + timeout + "; the remote task was cancelled", timeout, interrupted);
    }
}
