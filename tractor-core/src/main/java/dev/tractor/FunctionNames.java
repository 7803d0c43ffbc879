package dev.tractor;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Locale;

/**
 * The naming rules shared by the callee (which exposes functions) and the typed caller (which names
 * them): namespace of a class, name of a function, keyword name of a parameter.
 */
public final class FunctionNames {

    private FunctionNames() {
    }

    /** The class's {@link ActorNamespace} value, else its simple name decapitalised. */
    public static String namespaceOf(Class<?> type) {
        ActorNamespace ns = type.getAnnotation(ActorNamespace.class);
        if (ns != null) {
            return ns.value();
        }
        for (Class<?> iface : type.getInterfaces()) {
            ActorNamespace inherited = iface.getAnnotation(ActorNamespace.class);
            if (inherited != null) {
                return inherited.value();
            }
        }
        return decapitalise(type.getSimpleName());
    }

    /** The method's {@link ActorFunction} value when set, else the method name. */
    public static String functionName(Method method) {
        ActorFunction fn = method.getAnnotation(ActorFunction.class);
        return fn != null && !fn.value().isEmpty() ? fn.value() : method.getName();
    }

    /** Whether the method's {@link ActorFunction} asks for it to run on the event loop. */
    public static boolean onEventLoop(Method method) {
        ActorFunction fn = method.getAnnotation(ActorFunction.class);
        return fn != null && fn.onEventLoop();
    }

    /** The parameter's {@link Arg} value, else its compiled name (requires {@code -parameters}). */
    public static String parameterName(Parameter parameter) {
        Arg arg = parameter.getAnnotation(Arg.class);
        if (arg != null) {
            return arg.value();
        }
        if (!parameter.isNamePresent()) {
            throw new TractorException("parameter names of " + parameter.getDeclaringExecutable()
                    + " were not kept: compile with -parameters or annotate the parameter with @Arg");
        }
        return parameter.getName();
    }

    /** {@code Calc} → {@code calc}, {@code URLFetcher} → {@code urlFetcher}. */
    public static String decapitalise(String name) {
        if (name.isEmpty()) {
            return name;
        }
        int upper = 0;
        while (upper < name.length() && Character.isUpperCase(name.charAt(upper))) {
            upper++;
        }
        if (upper <= 1 || upper == name.length()) {
            return name.substring(0, Math.max(upper, 1)).toLowerCase(Locale.ROOT) + name.substring(Math.max(upper, 1));
        }
        return name.substring(0, upper - 1).toLowerCase(Locale.ROOT) + name.substring(upper - 1);
    }
}
