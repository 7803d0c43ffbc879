package dev.tractor;

/**
 * What a nursery does when one of its children fails — the strategies of Erlang/OTP's supervisors. Which of the
 * children a strategy restarts is further decided per child by its {@link RestartPolicy}.
 */
public enum RestartStrategy {

    /**
     * The default and trio's rule: a failing child cancels all its siblings and the nursery raises its error. Nothing
     * is restarted.
     */
    ONE_CANCELS_ALL,

    /** Only the failed child is restarted; its siblings are untouched. */
    ONE_FOR_ONE,

    /** Every child is cancelled (latest started first) and all are restarted in the order they were started. */
    ONE_FOR_ALL,

    /**
     * The failed child and every child started after it are cancelled (latest first) and restarted in their start
     * order; the children started before it are untouched.
     */
    REST_FOR_ONE
}
