package dev.tractor.spring;

import dev.tractor.ActorUid;
import dev.tractor.SupervisorGaveUp;
import dev.tractor.observe.RuntimeListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps what the runtime reported about this actor's children: when each live child came up, how many
 * children crashed (exited without being cancelled) or failed to start, the last crash, and the supervisors that
 * gave up (how many, and the last with its failures). Read by
 * the health indicator and the actuator endpoint. Thread-safe.
 */
public final class ChildActorMonitor implements RuntimeListener {

    private final Map<String, LiveChild> live = new ConcurrentHashMap<>();
    private final LongAdder spawned = new LongAdder();
    private final LongAdder crashed = new LongAdder();
    private final LongAdder startFailures = new LongAdder();
    private volatile Instant lastSpawnAt;
    private volatile Crash lastCrash;
    private final LongAdder gaveUp = new LongAdder();
    private volatile GiveUp lastGiveUp;

    @Override
    public void actorSpawned(ActorUid child, long pid, Duration took) {
        Instant now = Instant.now();
        live.put(child.uuid(), new LiveChild(child, pid, now, took));
        spawned.increment();
        lastSpawnAt = now;
    }

    @Override
    public void spawnFailed(String name, Duration took, Throwable error) {
        startFailures.increment();
    }

    @Override
    public void actorExited(ActorUid child, Integer exitCode, boolean cancelled) {
        LiveChild was = live.remove(child.uuid());
        if (was != null && !cancelled) {
            crashed.increment();
            lastCrash = new Crash(child, exitCode, Instant.now());
        }
    }

    @Override
    public void supervisorGaveUp(ActorUid owner, SupervisorGaveUp error) {
        gaveUp.increment();
        lastGiveUp = new GiveUp(owner, Instant.now(), error.failures().stream().map(ChildActorMonitor::describe).toList());
    }

    /** A failure as {@code SimpleClassName: first line of its message}. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        int eol = message.indexOf('\n');
        return name + ": " + (eol < 0 ? message : message.substring(0, eol));
    }

    /** The children that came up and have not exited. */
    public List<LiveChild> liveChildren() {
        return List.copyOf(live.values());
    }

    /** The live child with this uuid, if any. */
    public Optional<LiveChild> child(String uuid) {
        return Optional.ofNullable(live.get(uuid));
    }

    /** The last crash, if any child ever crashed. */
    public Optional<Crash> lastCrash() {
        return Optional.ofNullable(lastCrash);
    }

    /** Whether a child crashed and no child has come up since: the tree has not recovered. */
    public boolean crashedSinceLastSpawn() {
        Crash c = lastCrash;
        Instant s = lastSpawnAt;
        return c != null && (s == null || !c.at().isBefore(s));
    }

    /** Children that came up, since this monitor was created. */
    public long spawnedCount() {
        return spawned.sum();
    }

    /** Children that exited without being cancelled. */
    public long crashCount() {
        return crashed.sum();
    }

    /** Supervisors of this actor that gave up, since this monitor was created. */
    public long gaveUpCount() {
        return gaveUp.sum();
    }

    /** The last supervisor that gave up, if any did. */
    public Optional<GiveUp> lastGiveUp() {
        return Optional.ofNullable(lastGiveUp);
    }

    /** Children that did not come up. */
    public long startFailureCount() {
        return startFailures.sum();
    }

    /**
     * A child that came up.
     *
     * @param uid      its identity
     * @param pid      its process id
     * @param since    when it completed its handshake
     * @param startup  how long it took to come up
     */
    public record LiveChild(ActorUid uid, long pid, Instant since, Duration startup) {
    }

    /**
     * A child that exited without being cancelled.
     *
     * @param uid      its identity
     * @param exitCode its exit code, null if unknown
     * @param at       when its exit was seen
     */
    public record Crash(ActorUid uid, Integer exitCode, Instant at) {
    }

    /**
     * A supervisor that gave up.
     *
     * @param owner    the actor whose supervisor it was
     * @param at       when it gave up
     * @param failures every failure that led there, oldest first, as {@code Type: message}
     */
    public record GiveUp(ActorUid owner, Instant at, List<String> failures) {

        public GiveUp {
            failures = List.copyOf(failures);
        }
    }
}
