package dev.tractor;

/**
 * A child actor did not come up: it exited before connecting back, or did not connect within the
 * spawn timeout. The message ends with the tail of the child's output; {@link #stderrTail()} gives it alone.
 */
public class ActorStartFailed extends TractorException {

    private final String actorName;
    private final String stderrTail;

    public ActorStartFailed(String message, String actorName, String stderrTail, Throwable cause) {
        super(message, cause);
        this.actorName = actorName;
        this.stderrTail = stderrTail;
    }

    /** The name of the actor that failed to start. */
    public String actorName() {
        return actorName;
    }

    /**
     * The last lines the child wrote (may be empty): its stderr, and its stdout too, since the JVM
     * reports its own start-up failures (a bad option, too small a heap) there.
     */
    public String stderrTail() {
        return stderrTail;
    }
}
