package dev.tractor;

import java.io.Serializable;

/**
 * A method reference to an {@link ActorFunction} taking one argument, such as {@code Calc::square}, used to
 * call it remotely without strings. Only its name and declaring class are used: the namespace comes
 * from the class, the function from the method, the keyword arguments from its parameter names.
 */
@FunctionalInterface
public interface RemoteFunction1<T, A, R> extends Serializable {

    /** The referenced method; never called by the runtime on the caller's side. */
    R apply(T target, A a);
}
