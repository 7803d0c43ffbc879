package dev.tractor.embed;

import java.util.List;

/**
 * What an exposed function looks like from outside: for listings such as an actuator endpoint. Immutable.
 *
 * @param namespace  its namespace
 * @param name       its name
 * @param target     the object it is invoked on
 * @param functype   {@code asyncfunc} (a plain call), {@code asyncgen} (a stream) or {@code context}
 * @param parameters its keyword parameters, in order (a leading {@code Context} is not one)
 */
public record FunctionInfo(String namespace, String name, Object target, String functype, List<Parameter> parameters) {

    /**
     * One keyword parameter.
     *
     * @param name its keyword name
     * @param type its declared type, canonical form (e.g. {@code java.util.List<java.lang.Integer>})
     */
    public record Parameter(String name, String type) {
    }

    public FunctionInfo {
        parameters = List.copyOf(parameters);
    }

    /** {@code namespace.name}. */
    public String qualifiedName() {
        return namespace + "." + name;
    }
}
