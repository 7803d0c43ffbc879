package dev.tractor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-child options for {@link ActorNursery#startActor(String, ActorOptions)}; unset values come from
 * the parent's {@link TractorConfig}.
 *
 * @param jvmArgs      extra JVM options for this child, appended after the configured ones
 * @param spawnTimeout how long to wait for this child to connect back, or null for the configured one
 * @param restart      whether a supervising nursery restarts this child, or null for the default (a daemon is
 *                     {@link RestartPolicy#PERMANENT}, a {@code runInActor} child {@link RestartPolicy#TRANSIENT})
 * @param extensions   options a particular spawn backend reads (a pod's resources for the Kubernetes one, say), at
 *                     most one of each class; backends ignore the ones they do not know
 */
public record ActorOptions(List<String> jvmArgs, Duration spawnTimeout, RestartPolicy restart, List<Object> extensions) {

    /** No per-child options. */
    public static final ActorOptions DEFAULTS = new ActorOptions(List.of(), null, null, List.of());

    public ActorOptions {
        jvmArgs = List.copyOf(Objects.requireNonNull(jvmArgs, "jvmArgs"));
        extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
        if (extensions.stream().map(Object::getClass).distinct().count() != extensions.size()) {
            throw new IllegalArgumentException("at most one extension of each class: " + extensions);
        }
    }

    /** Options with JVM options, a spawn timeout and a restart policy, and no extensions. */
    public ActorOptions(List<String> jvmArgs, Duration spawnTimeout, RestartPolicy restart) {
        this(jvmArgs, spawnTimeout, restart, List.of());
    }

    /** Options with JVM options and a spawn timeout, and the default restart policy. */
    public ActorOptions(List<String> jvmArgs, Duration spawnTimeout) {
        this(jvmArgs, spawnTimeout, null, List.of());
    }

    /** These options plus the given JVM options. */
    public ActorOptions withJvmArgs(String... args) {
        List<String> all = new ArrayList<>(jvmArgs);
        all.addAll(List.of(args));
        return new ActorOptions(all, spawnTimeout, restart, extensions);
    }

    /** These options with another spawn timeout. */
    public ActorOptions withSpawnTimeout(Duration timeout) {
        return new ActorOptions(jvmArgs, timeout, restart, extensions);
    }

    /** These options with a restart policy for a supervising nursery. */
    public ActorOptions withRestart(RestartPolicy policy) {
        return new ActorOptions(jvmArgs, spawnTimeout, policy, extensions);
    }

    /**
     * These options with {@code extension}, replacing one of the same class: settings only a particular spawn
     * backend understands (e.g. the Kubernetes backend's pod options).
     */
    public ActorOptions with(Object extension) {
        Objects.requireNonNull(extension, "extension");
        List<Object> all = new ArrayList<>(extensions);
        all.removeIf(e -> e.getClass() == extension.getClass());
        all.add(extension);
        return new ActorOptions(jvmArgs, spawnTimeout, restart, all);
    }

    /** The extension of class {@code type}, if these options have one. */
    public <T> Optional<T> extension(Class<T> type) {
        return extensions.stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
