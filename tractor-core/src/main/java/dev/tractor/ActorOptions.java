package dev.tractor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Per-child options for {@link ActorNursery#startActor(String, ActorOptions)}; unset values come from
 * the parent's {@link TractorConfig}.
 *
 * @param jvmArgs     extra JVM options for this child, appended after the configured ones
 * @param spawnTimeout how long to wait for this child to connect back, or null for the configured one
 */
public record ActorOptions(List<String> jvmArgs, Duration spawnTimeout) {

    /** No per-child options. */
    public static final ActorOptions DEFAULTS = new ActorOptions(List.of(), null);

    public ActorOptions {
        jvmArgs = List.copyOf(Objects.requireNonNull(jvmArgs, "jvmArgs"));
    }

    /** These options plus the given JVM options. */
    public ActorOptions withJvmArgs(String... args) {
        List<String> all = new ArrayList<>(jvmArgs);
        all.addAll(List.of(args));
        return new ActorOptions(all, spawnTimeout);
    }

    /** These options with another spawn timeout. */
    public ActorOptions withSpawnTimeout(Duration timeout) {
        return new ActorOptions(jvmArgs, timeout);
    }
}
