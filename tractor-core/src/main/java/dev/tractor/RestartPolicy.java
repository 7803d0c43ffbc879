package dev.tractor;

/**
 * Whether a supervising nursery restarts one child — OTP's restart types. Set per child with
 * {@link ActorOptions#withRestart}; a daemon ({@code startActor}) is {@link #PERMANENT} unless told otherwise, a
 * {@code runInActor} child {@link #TRANSIENT}. Ignored under {@link RestartStrategy#ONE_CANCELS_ALL}.
 */
public enum RestartPolicy {

    /** Always restarted, whether it failed or ended by itself. */
    PERMANENT,

    /**
     * Restarted only after an abnormal end: its task failed, or its process died or exited with a non-zero code. A
     * {@code runInActor} child that returned, or a daemon that exited with code 0, is done.
     */
    TRANSIENT,

    /**
     * Never restarted; a failure of it does not touch its siblings, and the nursery's {@code close()} still raises
     * it.
     */
    TEMPORARY
}
