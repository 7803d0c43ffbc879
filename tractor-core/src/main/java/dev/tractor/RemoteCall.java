package dev.tractor;

import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A typed call resolved from a method reference: namespace, function, keyword arguments, result type. */
record RemoteCall(String ns, String fn, Map<String, Object> kwargs, Class<?> resultType) {

    private static final Map<Class<?>, Method> RESOLVED = new ConcurrentHashMap<>();

    static RemoteCall of(Serializable methodRef, Object... args) {
        Method method = RESOLVED.computeIfAbsent(methodRef.getClass(), k -> resolve(methodRef));
        Parameter[] params = method.getParameters();
        if (params.length != args.length) {
            throw new TractorException(method + " takes " + params.length + " arguments, got " + args.length);
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            kwargs.put(FunctionNames.parameterName(params[i]), args[i]);
        }
        return new RemoteCall(FunctionNames.namespaceOf(method.getDeclaringClass()),
                FunctionNames.functionName(method), kwargs, boxed(method.getReturnType()));
    }

    @SuppressWarnings("unchecked")
    <R> R invoke(Portal portal) {
        return (R) portal.run(ns, fn, kwargs, resultType);
    }

    private static Method resolve(Serializable methodRef) {
        SerializedLambda lambda = serializedForm(methodRef);
        int kind = lambda.getImplMethodKind();
        if (kind != MethodHandleInfo.REF_invokeVirtual && kind != MethodHandleInfo.REF_invokeInterface) {
            throw new TractorException("a remote call needs a reference to an instance method such as Calc::square, not "
                    + lambda.getImplClass() + "." + lambda.getImplMethodName());
        }
        try {
            Class<?> owner = Class.forName(lambda.getImplClass().replace('/', '.'), false,
                    methodRef.getClass().getClassLoader());
            for (Method m : owner.getMethods()) {
                if (m.getName().equals(lambda.getImplMethodName())
                        && descriptor(m).equals(lambda.getImplMethodSignature())) {
                    return m;
                }
            }
        } catch (ClassNotFoundException e) {
            throw new TractorException("cannot load " + lambda.getImplClass(), e);
        }
        throw new TractorException("no public method " + lambda.getImplClass() + "." + lambda.getImplMethodName()
                + lambda.getImplMethodSignature());
    }

    private static SerializedLambda serializedForm(Serializable methodRef) {
        try {
            Method writeReplace = methodRef.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return (SerializedLambda) writeReplace.invoke(methodRef);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new TractorException("not a method reference: " + methodRef, e);
        }
    }

    private static String descriptor(Method m) {
        return java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }

    static Class<?> boxed(Class<?> type) {
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }
}
