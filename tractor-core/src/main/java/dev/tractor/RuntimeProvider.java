package dev.tractor;

/**
 * What {@link Tractor} delegates to: the runtime implementation, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.tractor.RuntimeProvider}) so that the public API does not depend on it. The core
 * registers one; applications have no need for another.
 */
public interface RuntimeProvider {

    /** Opens a root actor (see {@link Tractor#openRoot}). */
    ActorRuntime openRoot(TractorConfig config);

    /** The actor the calling code runs in (see {@link Tractor#current}). */
    ActorRuntime current();

    /** A portal to the caller of the current task (see {@link Tractor#caller}). */
    Portal caller();
}
