package dev.tractor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the namespace under which a class's {@link ActorFunction} methods are exposed. Without it the
 * namespace is the class's simple name, decapitalised. Also marks interfaces that
 * {@link Portal#proxy(Class)} can implement.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ActorNamespace {

    /** The namespace. */
    String value();
}
