package dev.tractor.runtime;

import com.fasterxml.jackson.databind.JavaType;
import dev.tractor.TractorException;
import dev.tractor.wire.Undecodable;
import dev.tractor.wire.ValueCodec;
import java.util.Map;

/** Converts values decoded from the wire to the types the application asks for. */
public final class Values {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(int.class, Integer.class, long.class, Long.class,
            double.class, Double.class, boolean.class, Boolean.class, float.class, Float.class, short.class, Short.class,
            byte.class, Byte.class, char.class, Character.class);

    private Values() {
    }

    /** {@code value} as {@code type}: as-is when it already is one (or its boxed form), else mapped by Jackson. */
    @SuppressWarnings("unchecked")
    public static <T> T convert(Object value, Class<T> type) {
        undecodable(value);
        if (value == null && type == java.util.Optional.class) {
            return (T) java.util.Optional.empty();
        }
        if (value == null || type == Object.class || type.isInstance(value)
                || (type.isPrimitive() && boxed(type) == value.getClass())) {
            return (T) value;
        }
        try {
            return ValueCodec.mapper().convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new TractorException("cannot convert " + describe(value) + " to " + type.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code value} as {@code type} (generic types included). */
    public static Object convert(Object value, JavaType type) {
        undecodable(value);
        if (value == null) {
            if (type.getRawClass() == java.util.Optional.class) {
                return java.util.Optional.empty();
            }
            return type.isPrimitive() ? ValueCodec.mapper().convertValue(null, type) : null;
        }
        Class<?> raw = type.getRawClass();
        if (!type.hasGenericTypes() && (raw.isInstance(value) || (raw.isPrimitive() && boxed(raw) == value.getClass()))) {
            return value;
        }
        try {
            return ValueCodec.mapper().convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new TractorException("cannot convert " + describe(value) + " to " + type.toCanonical() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void undecodable(Object value) {
        if (value instanceof Undecodable bad) {
            throw new TractorException("the value sent cannot be decoded: " + bad.reason());
        }
    }

    /** Keyword arguments as the wire carries them, copied unless immutable already; null means none. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> kwargs(Map<String, ?> kwargs) {
        if (kwargs == null) {
            return Map.of();
        }
        Class<?> type = kwargs.getClass();
        if (type == IMMUTABLE_MAP_1 || type == IMMUTABLE_MAP_N) {
            return (Map<String, Object>) kwargs;
        }
        return new java.util.LinkedHashMap<>(kwargs);
    }

    /** The classes of {@code Map.of(…)}: they cannot change after the call, so they need no copy. */
    private static final Class<?> IMMUTABLE_MAP_1 = Map.of("k", 1).getClass();
    private static final Class<?> IMMUTABLE_MAP_N = Map.of().getClass();

    private static Class<?> boxed(Class<?> primitive) {
        return BOXES.get(primitive);
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        if (text.length() > 80) {
            text = text.substring(0, 77) + "...";
        }
        return value.getClass().getSimpleName() + " " + text;
    }
}
