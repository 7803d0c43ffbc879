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
}
