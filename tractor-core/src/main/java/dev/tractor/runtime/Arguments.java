package dev.tractor.runtime;

import dev.tractor.Context;
import java.util.List;
import java.util.Map;

/** Binds keyword arguments to a function's parameters by name, converting each to its declared type. */
final class Arguments {

    private Arguments() {
    }

    static Object[] bind(FunctionSpec spec, Map<String, Object> kwargs, Context context) {
        List<String> names = spec.paramNames();
        for (String key : kwargs.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException(spec.qualifiedName() + " has no parameter '" + key
                        + "' (parameters: " + names + ")");
            }
        }
        int offset = spec.takesContext() ? 1 : 0;
        Object[] args = new Object[names.size() + offset];
        if (offset == 1) {
            args[0] = context;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!kwargs.containsKey(name)) {
                throw new IllegalArgumentException(spec.qualifiedName() + " is missing argument '" + name
                        + "' (parameters: " + names + ")");
            }
            try {
                args[i + offset] = Values.convert(kwargs.get(name), spec.paramTypes().get(i));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("argument '" + name + "' of " + spec.qualifiedName() + ": "
                        + e.getMessage(), e);
            }
        }
        return args;
    }
}
