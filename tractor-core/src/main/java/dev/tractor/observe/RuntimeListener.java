package dev.tractor.observe;

import dev.tractor.ActorUid;
import dev.tractor.SupervisorGaveUp;
import java.time.Duration;

/**
 * Told what an actor runtime does, for metrics, health and monitoring. Methods are called on runtime
 * threads (event loops, task threads): they must be fast and must not block or throw. Every method has
 * an empty default, so implementations override only what they need.
 */
public interface RuntimeListener {

    /** A child actor connected back and completed its handshake. */
    default void actorSpawned(ActorUid child, long pid, Duration took) {
    }

    /** A child actor did not come up. */
    default void spawnFailed(String name, Duration took, Throwable error) {
    }

    /** A child actor's process exited; {@code exitCode} is null if unknown. */
    default void actorExited(ActorUid child, Integer exitCode, boolean cancelled) {
    }

    /**
     * A call made by this actor ended. {@code outcome} is one of {@code success}, {@code error},
     * {@code cancelled}, {@code died} (the peer went away).
     */
    default void callCompleted(String ns, String fn, String outcome, Duration took) {
    }

    /** One stream item went {@code "in"} (received by this actor) or {@code "out"} (sent). */
    default void streamItem(String direction) {
    }

    /**
     * A supervising nursery restarted its child {@code name}: {@code previous} ended (by {@code cause}) and
     * {@code next} serves now; {@code restarts} counts this child's restarts so far.
     */
    default void actorRestarted(String name, ActorUid previous, ActorUid next, Throwable cause, int restarts) {
    }

    /** A supervising nursery of actor {@code owner} gave up and cancelled its children; {@code error} says why. */
    default void supervisorGaveUp(ActorUid owner, SupervisorGaveUp error) {
    }
}
