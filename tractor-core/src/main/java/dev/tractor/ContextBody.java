package dev.tractor;

/**
 * The body of {@link Portal#withContext}: runs with the open context and the value the callee passed to
 * {@code ctx.started}, and returns the block's value.
 *
 * @param <R> the body's value
 * @param <X> the checked exception the body may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface ContextBody<R, X extends Exception> {

    R run(ContextHandle ctx, Object started) throws X;
}
