package dev.tractor;

/**
 * A job of a {@link WorkerPool} failed: names the pool, the job's place in the list asked for, the worker that ran
 * it and the function; the cause is the job's own error (a {@link RemoteActorError}, or the {@link ActorDied} of a
 * worker that died too often while running it).
 */
public class JobFailed extends TractorException {

    private final int index;
    private final String worker;

    public JobFailed(String message, int index, String worker, Throwable cause) {
        super(message, cause);
        this.index = index;
        this.worker = worker;
    }

    /** The job's place in the list of jobs, from 0. */
    public int index() {
        return index;
    }

    /** The name of the worker that ran it last. */
    public String worker() {
        return worker;
    }
}
