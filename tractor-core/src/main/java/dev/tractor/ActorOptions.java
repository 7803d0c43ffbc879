package dev.tractor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Per-child options for {@link ActorNursery#startActor(String, ActorOptions)}; unset values come from
 * the parent's {@link TractorConfig}.
 *
 * @param jvmArgs      extra JVM options for this child, appended after the configured ones
 * @param spawnTimeout how long to wait for this child to connect back, or null for the configured one
 * @param restart      whether a supervising nursery restarts this child, or null for the default (a daemon is
 *                     {@link RestartPolicy#PERMANENT}, a {@code runInActor} child {@link RestartPolicy#TRANSIENT})
 */
public record ActorOptions(List<String> jvmArgs, Duration spawnTimeout, RestartPolicy restart) {

    /** No per-child options. */
    public static final ActorOptions DEFAULTS = new ActorOptions(List.of(), null, null);

    public ActorOptions {
        jvmArgs = List.copyOf(Objects.requireNonNull(jvmArgs, "jvmArgs"));
    }

    /** Options with JVM options and a spawn timeout, and the default restart policy. */
    public ActorOptions(List<String> jvmArgs, Duration spawnTimeout) {
        this(jvmArgs, spawnTimeout, null);
    }

    /** These options plus the given JVM options. */
    public ActorOptions withJvmArgs(String... args) {
        List<String> all = new ArrayList<>(jvmArgs);
        all.addAll(List.of(args));
        return new ActorOptions(all, spawnTimeout, restart);
    }

    /** These options with another spawn timeout. */
    public ActorOptions withSpawnTimeout(Duration timeout) {
        return new ActorOptions(jvmArgs, timeout, restart);
    }

    /** These options with a restart policy for a supervising nursery. */
    public ActorOptions withRestart(RestartPolicy policy) {
        return new ActorOptions(jvmArgs, spawnTimeout, policy);
    }
}
