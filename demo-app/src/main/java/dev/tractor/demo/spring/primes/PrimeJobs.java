package dev.tractor.demo.spring.primes;

import dev.tractor.ActorDied;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextCancelled;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.RemoteActorError;
import dev.tractor.TractorException;
import dev.tractor.spring.ConditionalOnRootActor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Service;

/**
 * Runs prime-counting jobs, each in a nursery of its own: starts the job's worker actors at once (child JVMs
 * booting this application), gives each a slice of the range, and follows the progress they stream back. A worker
 * that fails cancels its siblings (one-cancels-all): the job fails with the worker's remote error. Root only.
 */
@Service
@ConditionalOnRootActor
public class PrimeJobs {

    private final ActorRuntime runtime;
    private final Map<String, PrimeJob> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    public PrimeJobs(ActorRuntime runtime) {
        this.runtime = runtime;
    }

    /** Starts a job in the background; see {@link #run}. */
    public PrimeJob start(int workers, long limit, long poison) {
        PrimeJob job = newJob(workers, limit);
        Thread.ofVirtual().name("prime-job-" + job.id()).start(() -> execute(job, poison));
        return job;
    }

    /**
     * Counts the primes below {@code limit} with {@code workers} worker actors and waits for the result; a worker
     * whose slice contains {@code poison} (0: none) fails on purpose. Returns the finished (or failed) job.
     */
    public PrimeJob run(int workers, long limit, long poison) {
        PrimeJob job = newJob(workers, limit);
        execute(job, poison);
        return job;
    }

    public Optional<PrimeJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public Collection<PrimeJob> jobs() {
        return jobs.values();
    }

    private PrimeJob newJob(int workers, long limit) {
        if (workers < 1 || workers > 16) {
            throw new IllegalArgumentException("workers must be between 1 and 16, got " + workers);
        }
        if (limit < 2 || limit > 100_000_000L) {
            throw new IllegalArgumentException("limit must be between 2 and 100000000, got " + limit);
        }
        PrimeJob job = new PrimeJob(Integer.toString(ids.incrementAndGet()), workers, limit);
        jobs.put(job.id(), job);
        return job;
    }

    private void execute(PrimeJob job, long poison) {
        AtomicReference<TractorException> failure = new AtomicReference<>();
        AtomicLong total = new AtomicLong();
        try {
            runtime.withNursery(nursery -> {
                List<Portal> workers = startAll(nursery, job);
                job.running();
                List<Thread> followers = new ArrayList<>();
                long slice = (job.limit() - 2 + job.workers() - 1) / job.workers();
                for (int i = 0; i < workers.size(); i++) {
                    long from = 2 + i * slice;
                    long to = Math.min(job.limit(), from + slice);
                    Portal worker = workers.get(i);
                    followers.add(Thread.ofVirtual().start(() -> {
                        try {
                            total.addAndGet(follow(job, worker, from, to, poison));
                        } catch (ContextCancelled e) {
                            // a sibling failed and the nursery cancelled this one: its state says so already
                        } catch (RemoteActorError | ActorDied e) {
                            if (failure.compareAndSet(null, e)) {
                                nursery.cancel();   // one-cancels-all, as a nursery does for its own tasks
                            }
                        } catch (RuntimeException e) {
                            // cancelled while the stream was still being set up, or the worker went away
                        }
                    }));
                }
                for (Thread t : followers) {
                    t.join();
                }
                return null;
            });
        } catch (RuntimeException | InterruptedException e) {
            if (failure.get() == null) {
                job.failed(e.toString());
                return;
            }
        }
        TractorException error = failure.get();
        if (error instanceof RemoteActorError remote) {
            job.failed("worker " + remote.source().name() + " failed: " + remote.remoteType() + ": "
                    + remote.remoteMessage());
            job.remoteError(remote);
        } else if (error instanceof ActorDied died) {
            job.failed("worker " + died.actor().name() + " died" + (died.exitCode().isPresent()
                    ? " (exit code " + died.exitCode().getAsInt() + ")" : ""));
        } else {
            job.done(total.get());
        }
    }

    /** Starts the job's workers from as many threads at once (their JVMs boot side by side). */
    private static List<Portal> startAll(dev.tractor.ActorNursery nursery, PrimeJob job) throws InterruptedException {
        List<Portal> workers = new CopyOnWriteArrayList<>();
        List<Thread> starts = new ArrayList<>();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        for (int i = 1; i <= job.workers(); i++) {
            String name = "job" + job.id() + "-worker" + i;
            starts.add(Thread.ofVirtual().start(() -> {
                try {
                    workers.add(nursery.startActor(name));
                } catch (RuntimeException e) {
                    failed.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : starts) {
            t.join();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        List<Portal> sorted = new ArrayList<>(workers);
        sorted.sort((a, b) -> a.uid().name().compareTo(b.uid().name()));
        return sorted;
    }

    /** How a worker's stream that ended with {@code e} shows in the job. */
    private static String endState(RuntimeException e) {
        return switch (e) {
            case ContextCancelled c -> "cancelled";
            case RemoteActorError r -> "failed";
            case ActorDied d -> "died";
            default -> "cancelled";
        };
    }

    /** Streams one worker's progress into the job; returns its count. */
    private static long follow(PrimeJob job, Portal worker, long from, long to, long poison) {
        String name = worker.uid().name();
        long primes = 0;
        long pid = 0;
        long checked = 0;
        @SuppressWarnings({"unchecked", "rawtypes"})
        ReceiveStream<Map<String, Object>> stream = (ReceiveStream) worker.openStreamFrom("primes", "count",
                Map.of("from", from, "to", to, "poison", poison), Map.class);
        try (stream) {
            for (Map<String, Object> p : stream) {
                primes = ((Number) p.get("primes")).longValue();
                pid = ((Number) p.get("pid")).longValue();
                checked = ((Number) p.get("checked")).longValue();
                job.update(new PrimeJob.WorkerProgress(name, pid, from, to, checked, primes, "counting"));
            }
        } catch (RuntimeException e) {
            job.update(new PrimeJob.WorkerProgress(name, pid, from, to, checked, primes, endState(e)));
            throw e;
        }
        job.update(new PrimeJob.WorkerProgress(name, pid, from, to, to - from, primes, "done"));
        return primes;
    }
}
