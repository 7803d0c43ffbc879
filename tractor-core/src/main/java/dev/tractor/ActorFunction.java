package dev.tractor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exposes a public method to other actors. Only annotated methods of enabled modules (or, with the
 * Spring starter, of beans) can be called remotely. The kind of function follows from its signature:
 * a first parameter of type {@link Context} makes a context function; a return type of
 * {@code Stream}, {@code Iterable} or {@code Iterator} makes a streaming function; anything else is
 * a plain function.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ActorFunction {

    /** The function's name on the wire; defaults to the method name. */
    String value() default "";

    /**
     * Runs this plain function on the connection's I/O thread (its event loop), the way a hand-written Netty
     * server answers, instead of on a virtual thread of its own: about 10 µs and two thread wake-ups less per call.
     * Only for functions that return within microseconds and never block: no sleeping, locks held by others, I/O,
     * or calls to other actors. While it runs, nothing else on that I/O thread is read, written or heartbeated, and
     * it cannot be cancelled. A call to another actor (or a lookup, or a spawn) from such a function fails at once
     * with a {@link TractorException} instead of blocking the event loop. Ignored for streaming and context
     * functions, which always run on a thread of their own.
     */
    boolean onEventLoop() default false;
}
