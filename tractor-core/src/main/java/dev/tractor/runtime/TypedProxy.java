package dev.tractor.runtime;

import dev.tractor.ActorNamespace;
import dev.tractor.FunctionNames;
import dev.tractor.Portal;
import dev.tractor.TractorException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/** Implements an {@link ActorNamespace} interface by remote {@code run} calls through a portal. */
final class TypedProxy implements InvocationHandler {

    private final Portal portal;
    private final String ns;

    private TypedProxy(Portal portal, String ns) {
        this.portal = portal;
        this.ns = ns;
    }

    static <T> T create(Portal portal, Class<T> api) {
        if (!api.isInterface()) {
            throw new TractorException(api.getName() + " is a class: proxy() takes an interface (for classes, call"
                    + " with method references such as portal.run(Calc::square, 7))");
        }
        Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api},
                new TypedProxy(portal, FunctionNames.namespaceOf(api)));
        return api.cast(proxy);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "proxy of " + ns + " on " + portal;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Parameter[] params = method.getParameters();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            kwargs.put(FunctionNames.parameterName(params[i]), args[i]);
        }
        Object value = Values.convert(portal.run(ns, FunctionNames.functionName(method), kwargs),
                PortalImpl.typeOf(method.getGenericReturnType()));
        return method.getReturnType() == void.class ? null : value;
    }
}
