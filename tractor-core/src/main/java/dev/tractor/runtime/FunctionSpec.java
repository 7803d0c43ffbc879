package dev.tractor.runtime;

import com.fasterxml.jackson.databind.JavaType;
import dev.tractor.wire.Functype;
import java.lang.reflect.Method;
import java.util.List;

/**
 * One exposed function: where it lives, how to call it and what kind it is.
 *
 * @param ns         the namespace
 * @param name       the function name
 * @param target     the object the method is invoked on
 * @param method     the method
 * @param kind       plain, streaming or context
 * @param paramNames keyword names of the parameters after the optional {@code Context}
 * @param paramTypes their declared types, for converting arguments
 * @param onEventLoop whether a plain function runs on the connection's event loop ({@code ActorFunction#onEventLoop})
 */
public record FunctionSpec(String ns, String name, Object target, Method method, Functype.Kind kind,
                           List<String> paramNames, List<JavaType> paramTypes, boolean onEventLoop) {

    /** A function that runs on a thread of its own. */
    public FunctionSpec(String ns, String name, Object target, Method method, Functype.Kind kind,
                        List<String> paramNames, List<JavaType> paramTypes) {
        this(ns, name, target, method, kind, paramNames, paramTypes, false);
    }

    /** Whether calls run inline on the event loop: a plain function that asked for it. */
    public boolean runsOnEventLoop() {
        return onEventLoop && kind == Functype.Kind.ASYNCFUNC;
    }

    /** {@code ns.name}, as used in messages. */
    public String qualifiedName() {
        return ns + "." + name;
    }

    /** Whether the first parameter is a {@code Context}. */
    public boolean takesContext() {
        return kind == Functype.Kind.CONTEXT;
    }
}
