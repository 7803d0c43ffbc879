package dev.tractor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * N actors started at once under one supervising nursery, with work handed to them — tractor's
 * {@code open_actor_cluster} and {@code gather_contexts}, Pekko's pool routers. A worker that fails is restarted as
 * the pool's {@link Supervision} says; a job whose worker died while running it is run again (up to three attempts
 * in all) by the worker's next incarnation. Closing the pool cancels and reaps every worker, as closing a nursery
 * does. Thread-safe; every method blocks the calling thread, and an interrupt cancels the remote work it waits for.
 */
public interface WorkerPool extends AutoCloseable {

    /** The pool's name; its workers are called {@code name-1} to {@code name-N}. */
    String name();

    /** A portal per worker, each following its worker across restarts. */
    List<Portal> workers();

    /**
     * Runs {@code ns.fn} once per element of {@code jobs} (its arguments), spread over the workers, each worker taking
     * the next job when it is free. Returns the results in the order of {@code jobs}, converted to {@code type}.
     *
     * @throws JobFailed for the first job (in the order asked) that failed, after every job has ended; the other
     *                   failed jobs are attached as suppressed
     */
    <T> List<T> map(String ns, String fn, List<? extends Map<String, ?>> jobs, Class<T> type);

    /**
     * Opens a context of {@code ns.fn} on every worker at once and runs {@code body} with them (in worker order) and
     * the values their callees passed to {@code started} — tractor's {@code gather_contexts}. When the body returns,
     * every context's result is awaited (the first error raised); when it throws, every context is cancelled and the
     * body's exception rethrown.
     */
    default <R, X extends Exception> R withContexts(String ns, String fn, Map<String, ?> kwargs,
                                                    ContextsBody<R, X> body) throws X {
        List<ContextHandle> contexts = openContexts(ns, fn, kwargs);
        List<Object> started = new ArrayList<>();
        R value;
        try {
            for (ContextHandle c : contexts) {
                started.add(c.started());
            }
            value = body.run(contexts, started);
        } catch (Exception | Error failure) {
            throw Blocks.<X>rethrow(failure, () -> contexts.forEach(ContextHandle::close));
        }
        try {
            for (ContextHandle c : contexts) {
                c.result();
            }
        } finally {
            contexts.forEach(ContextHandle::close);
        }
        return value;
    }

    /**
     * Opens a context of {@code ns.fn} on every worker at once, in worker order; if any fails to open, the others are
     * closed (cancelled) and its error raised.
     */
    List<ContextHandle> openContexts(String ns, String fn, Map<String, ?> kwargs);

    /** Cancels every worker and waits for them to exit; raises {@link SupervisorGaveUp} if the pool gave up. */
    @Override
    void close();

    /**
     * The body of {@link #withContexts}.
     *
     * @param <R> the body's value
     * @param <X> the checked exception the body may throw
     */
    @FunctionalInterface
    interface ContextsBody<R, X extends Exception> {
        R run(List<ContextHandle> contexts, List<Object> started) throws X;
    }
}
