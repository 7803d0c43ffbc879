package dev.tractor.runtime;

import dev.tractor.ActorDied;
import dev.tractor.ActorOptions;
import dev.tractor.ContextHandle;
import dev.tractor.JobFailed;
import dev.tractor.Portal;
import dev.tractor.SupervisorGaveUp;
import dev.tractor.WorkerPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@link WorkerPool} implementation: a supervising nursery of N workers and a job queue per {@code map}. */
final class WorkerPoolImpl implements WorkerPool {

    /** Attempts of one job whose worker dies while running it. */
    static final int ATTEMPTS = 3;

    private final String name;
    private final Nursery nursery;
    private final List<Portal> workers;

    private WorkerPoolImpl(String name, Nursery nursery, List<Portal> workers) {
        this.name = name;
        this.nursery = nursery;
        this.workers = List.copyOf(workers);
    }

    static WorkerPoolImpl open(Nursery nursery, String name, int size, ActorOptions options) {
        if (size < 1) {
            throw new IllegalArgumentException("a worker pool needs at least one worker, not " + size);
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            names.add(name + "-" + i);
        }
        try {
            Services.startAll(nursery, names, options);
        } catch (RuntimeException e) {
            nursery.cancel();
            try {
                nursery.close();
            } catch (RuntimeException closing) {
                if (closing != e) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        return new WorkerPoolImpl(name, nursery, names.stream().map(nursery::byName).toList());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Portal> workers() {
        return workers;
    }

    @Override
    public <T> List<T> map(String ns, String fn, List<? extends Map<String, ?>> jobs, Class<T> type) {
        Object[] results = new Object[jobs.size()];
        JobFailed[] failures = new JobFailed[jobs.size()];
        SupervisorGaveUp[] down = new SupervisorGaveUp[1];
        boolean[] ran = new boolean[jobs.size()];
        AtomicInteger nextJob = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
            Portal worker = workers.get(w);
            String workerName = name + "-" + (w + 1);
            threads.add(Thread.ofVirtual().name("tractor-pool-" + workerName).start(() -> {
                for (int i = nextJob.getAndIncrement(); i < jobs.size() && down[0] == null;
                     i = nextJob.getAndIncrement()) {
                    try {
                        results[i] = runJob(worker, ns, fn, jobs.get(i), type);
                        ran[i] = true;
                    } catch (SupervisorGaveUp e) {
                        failures[i] = failed(i, workerName, ns, fn, e);
                        down[0] = e;
                        return;   // the pool is down: the jobs no worker took fail with the same error
                    } catch (RuntimeException e) {
                        failures[i] = failed(i, workerName, ns, fn, e);
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                    }
                }
            }));
        }
        AtOnce.joinAll(threads, "interrupted while waiting for the jobs of worker pool '" + name + "'");
        for (int i = 0; i < jobs.size(); i++) {
            if (!ran[i] && failures[i] == null) {
                failures[i] = failed(i, "none", ns, fn, down[0]);   // no worker ran it: the pool gave up
            }
        }
        return collect(results, failures, type);
    }

    private static <T> Object runJob(Portal worker, String ns, String fn, Map<String, ?> kwargs, Class<T> type) {
        for (int attempt = 1; ; attempt++) {
            try {
                return worker.run(ns, fn, kwargs, type);
            } catch (ActorDied e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private JobFailed failed(int index, String worker, String ns, String fn, Throwable cause) {
        return new JobFailed("job " + index + " of pool '" + name + "' (" + ns + "." + fn + ") failed on " + worker
                + ": " + cause.getMessage(), index, worker, cause);
    }

    private static <T> List<T> collect(Object[] results, JobFailed[] failures, Class<T> type) {
        JobFailed first = null;
        for (JobFailed f : failures) {
            if (f == null) {
                continue;
            }
            if (first == null) {
                first = f;
            } else {
                first.addSuppressed(f);
            }
        }
        if (first != null) {
            throw first;
        }
        List<T> out = new ArrayList<>(results.length);
        Arrays.stream(results).forEach(r -> out.add(type.cast(r)));
        return out;
    }

    @Override
    public List<ContextHandle> openContexts(String ns, String fn, Map<String, ?> kwargs) {
        return AtOnce.map(workers, w -> w.openContext(ns, fn, kwargs), ContextHandle::close, "tractor-open-context");
    }

    @Override
    public void close() {
        nursery.close();
    }

    @Override
    public String toString() {
        return "WorkerPool[" + name + ", " + workers.size() + " workers]";
    }
}
