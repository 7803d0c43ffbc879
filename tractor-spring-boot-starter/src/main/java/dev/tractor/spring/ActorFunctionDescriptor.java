package dev.tractor.spring;

import java.util.List;

/**
 * One {@link dev.tractor.ActorFunction} exposed by this application, as discovered on its beans.
 *
 * @param namespace  the namespace: the bean's {@link dev.tractor.ActorNamespace}, else the bean name
 * @param name       the function's name on the wire
 * @param functype   {@code asyncfunc} (plain), {@code asyncgen} (streaming) or {@code context}
 * @param parameters the keyword parameters, in declaration order (a leading {@code Context} is not one)
 * @param beanName   the name of the bean that implements it
 */
public record ActorFunctionDescriptor(String namespace, String name, String functype, List<Parameter> parameters,
                                      String beanName) {

    public ActorFunctionDescriptor {
        parameters = List.copyOf(parameters);
    }

    /** {@code namespace.name}, as written in calls and logs. */
    public String qualifiedName() {
        return namespace + "." + name;
    }

    /**
     * A keyword parameter: kwargs bind to parameters by this name.
     *
     * @param name the keyword
     * @param type the declared (generic) type
     */
    public record Parameter(String name, String type) {
    }
}
