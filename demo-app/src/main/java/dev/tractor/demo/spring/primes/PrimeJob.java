package dev.tractor.demo.spring.primes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One job: counting the primes below {@code limit} across {@code workers} child actors. Its state is updated by
 * the job's thread and read by the web API and the console; thread-safe.
 */
public final class PrimeJob {

    /** A worker's progress. */
    public record WorkerProgress(String name, long pid, long from, long to, long checked, long primes, String state) {
    }

    private final String id;
    private final int workers;
    private final long limit;
    private final Instant startedAt = Instant.now();
    private final Map<String, WorkerProgress> progress = new ConcurrentHashMap<>();
    private volatile String status = "starting";
    private volatile Long primes;
    private volatile String error;
    private volatile Duration took;
    private volatile dev.tractor.RemoteActorError remoteError;

    PrimeJob(String id, int workers, long limit) {
        this.id = id;
        this.workers = workers;
        this.limit = limit;
    }

    public String id() {
        return id;
    }

    public long limit() {
        return limit;
    }

    public int workers() {
        return workers;
    }

    /** {@code starting}, {@code running}, {@code done} or {@code failed}. */
    public String status() {
        return status;
    }

    public Long primes() {
        return primes;
    }

    public String error() {
        return error;
    }

    public Duration took() {
        return took;
    }

    /** The workers' progress, by name. */
    public List<WorkerProgress> progress() {
        return progress.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    void update(WorkerProgress p) {
        progress.put(p.name(), p);
    }

    void running() {
        status = "running";
    }

    void done(long total) {
        primes = total;
        took = Duration.between(startedAt, Instant.now());
        status = "done";
    }

    void failed(String why) {
        error = why;
        took = Duration.between(startedAt, Instant.now());
        status = "failed";
    }

    /** The worker's error that failed the job, if one did. */
    public dev.tractor.RemoteActorError remoteError() {
        return remoteError;
    }

    void remoteError(dev.tractor.RemoteActorError e) {
        remoteError = e;
    }

    /** The job as the web API shows it. */
    public Map<String, Object> view() {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("id", id);
        v.put("status", status);
        v.put("workers", workers);
        v.put("limit", limit);
        v.put("primes", primes);
        v.put("error", error);
        v.put("tookMillis", took == null ? null : took.toMillis());
        v.put("progress", progress());
        return v;
    }
}
