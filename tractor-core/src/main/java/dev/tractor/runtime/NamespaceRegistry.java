package dev.tractor.runtime;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.tractor.ActorFunction;
import dev.tractor.Context;
import dev.tractor.FunctionNames;
import dev.tractor.NoSuchFunction;
import dev.tractor.TractorException;
import dev.tractor.wire.Functype;
import dev.tractor.wire.ValueCodec;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.tractor.embed.FunctionTable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The functions this actor exposes, by namespace and name. Only public methods annotated with
 * {@link ActorFunction} on registered objects are callable; everything else answers {@link NoSuchFunction}.
 * Thread-safe; registration normally happens before the actor serves calls.
 */
public final class NamespaceRegistry implements FunctionTable {

    private final Map<String, Map<String, FunctionSpec>> namespaces = new ConcurrentHashMap<>();

    /** Instantiates {@code module} with its no-arg constructor and registers it under its namespace. */
    public void registerModule(Class<?> module) {
        Object instance;
        try {
            var ctor = module.getDeclaredConstructor();
            ctor.setAccessible(true);
            instance = ctor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new TractorException("cannot instantiate module " + module.getName()
                    + " (it needs a no-arg constructor): " + e, e);
        }
        register(FunctionNames.namespaceOf(module), instance, module);
    }

    /**
     * Registers the {@link ActorFunction} methods declared on {@code type} (the user class, also when
     * {@code target} is a proxy of it) under {@code ns}, invoked on {@code target}.
     */
    @Override
    public void register(String ns, Object target, Class<?> type) {
        Map<String, FunctionSpec> functions = namespaces.computeIfAbsent(ns, k -> new ConcurrentHashMap<>());
        for (Method method : type.getMethods()) {
            if (!method.isAnnotationPresent(ActorFunction.class) || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            FunctionSpec spec = describe(ns, target, method);
            FunctionSpec previous = functions.putIfAbsent(spec.name(), spec);
            if (previous != null && !previous.method().equals(method)) {
                throw new TractorException("function " + spec.qualifiedName() + " is defined twice: by "
                        + previous.target().getClass().getName() + "." + previous.method().getName() + " and by "
                        + type.getName() + "." + method.getName());
            }
        }
    }

    /** The function {@code ns.fn}, or {@link NoSuchFunction}. */
    /** The function {@code ns.fn} if it exists and runs on the event loop, else null. Never throws. */
    FunctionSpec onEventLoop(String ns, String fn) {
        Map<String, FunctionSpec> functions = namespaces.get(ns);
        FunctionSpec spec = functions == null ? null : functions.get(fn);
        return spec != null && spec.runsOnEventLoop() ? spec : null;
    }

    public FunctionSpec lookup(String ns, String fn) {
        Map<String, FunctionSpec> functions = namespaces.get(ns);
        if (functions == null) {
            throw new NoSuchFunction("no namespace '" + ns + "' is exposed by this actor (exposed: "
                    + new TreeMap<>(namespaces).keySet() + ")");
        }
        FunctionSpec spec = functions.get(fn);
        if (spec == null) {
            throw new NoSuchFunction("namespace '" + ns + "' has no function '" + fn + "' (exposed: "
                    + new TreeMap<>(functions).keySet() + ")");
        }
        return spec;
    }

    /** Every exposed function, sorted by qualified name. */
    public List<FunctionSpec> all() {
        List<FunctionSpec> all = new ArrayList<>();
        namespaces.values().forEach(m -> all.addAll(m.values()));
        all.sort((a, b) -> a.qualifiedName().compareTo(b.qualifiedName()));
        return all;
    }

    private static FunctionSpec describe(String ns, Object target, Method method) {
        Parameter[] params = method.getParameters();
        boolean context = params.length > 0 && params[0].getType() == Context.class;
        Functype.Kind kind = context ? Functype.Kind.CONTEXT
                : isStreaming(method.getReturnType()) ? Functype.Kind.ASYNCGEN : Functype.Kind.ASYNCFUNC;
        TypeFactory types = ValueCodec.mapper().getTypeFactory();
        List<String> names = new ArrayList<>();
        List<JavaType> javaTypes = new ArrayList<>();
        for (int i = context ? 1 : 0; i < params.length; i++) {
            names.add(FunctionNames.parameterName(params[i]));
            javaTypes.add(types.constructType(params[i].getParameterizedType()));
        }
        method.setAccessible(true);
        return new FunctionSpec(ns, FunctionNames.functionName(method), target, method, kind,
                List.copyOf(names), List.copyOf(javaTypes), FunctionNames.onEventLoop(method));
    }

    static boolean isStreaming(Class<?> returnType) {
        return Stream.class.isAssignableFrom(returnType) || Iterator.class.isAssignableFrom(returnType)
                || (Iterable.class.isAssignableFrom(returnType) && !Collection.class.isAssignableFrom(returnType)
                        && !Map.class.isAssignableFrom(returnType))
                || returnType == Iterable.class;
    }
}
