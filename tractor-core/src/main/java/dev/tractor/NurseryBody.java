package dev.tractor;

/**
 * The body of {@link ActorRuntime#withNursery}: starts and uses children in the nursery, and returns the block's
 * value.
 *
 * @param <R> the body's value
 * @param <X> the checked exception the body may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface NurseryBody<R, X extends Exception> {

    R run(ActorNursery nursery) throws X;
}
