package dev.tractor;

/**
 * The body of {@link Context#withStream}: uses the context's stream and returns the block's value.
 *
 * @param <T> the type of the items received
 * @param <R> the body's value
 * @param <X> the checked exception the body may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface StreamBody<T, R, X extends Exception> {

    R run(MsgStream<T> stream) throws X;
}
