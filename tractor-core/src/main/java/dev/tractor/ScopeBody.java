package dev.tractor;

/**
 * The body of {@link Tractor#deadline} and {@link Tractor#moveOnAfter}.
 *
 * @param <R> the body's value
 * @param <X> the checked exception the body may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface ScopeBody<R, X extends Exception> {

    R run() throws X;
}
