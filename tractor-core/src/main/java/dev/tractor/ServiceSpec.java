package dev.tractor;

import java.util.Objects;

/**
 * How {@link ActorRuntime#service(String, ServiceSpec)} starts a service actor when none of its name is running:
 * how many replicas, the options of each, and how they are supervised. Immutable.
 *
 * @param replicas    how many actors serve it; one is called by the service's name, several are called
 *                    {@code name-1} to {@code name-N} and its portal hands calls to them in turn
 * @param options     each replica's options (JVM options, spawn timeout, restart policy)
 * @param supervision how the replicas are restarted; one-for-one with the default limit unless told otherwise
 */
public record ServiceSpec(int replicas, ActorOptions options, Supervision supervision) {

    /** One replica, default options, restarted one-for-one. */
    public static final ServiceSpec DEFAULTS = new ServiceSpec(1, ActorOptions.DEFAULTS, Supervision.oneForOne());

    public ServiceSpec {
        if (replicas < 1) {
            throw new IllegalArgumentException("a service needs at least one replica, not " + replicas);
        }
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(supervision, "supervision");
    }

    /** This spec with {@code n} replicas. */
    public ServiceSpec withReplicas(int n) {
        return new ServiceSpec(n, options, supervision);
    }

    /** This spec with other options for each replica. */
    public ServiceSpec withOptions(ActorOptions o) {
        return new ServiceSpec(replicas, o, supervision);
    }

    /** This spec with another supervision. */
    public ServiceSpec withSupervision(Supervision s) {
        return new ServiceSpec(replicas, options, s);
    }

    /** The names of the replicas of service {@code name}. */
    public java.util.List<String> replicaNames(String name) {
        if (replicas == 1) {
            return java.util.List.of(name);
        }
        return java.util.stream.IntStream.rangeClosed(1, replicas).mapToObj(i -> name + "-" + i).toList();
    }
}
