package dev.tractor;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Customises how application values map to and from the wire: registers Jackson modules, serializers and settings
 * on the mapper that turns records, POJOs and other types into msgpack maps, lists and scalars and back into declared
 * parameter and result types — as a {@code Jackson2ObjectMapperBuilderCustomizer} does for a Spring application's
 * JSON. The mapper starts with {@code java.time} and {@code Optional} support, dates as ISO-8601 text, unknown
 * properties ignored and empty beans allowed.
 *
 * <p>Given to {@link TractorConfig.Builder#valueMapper}, a customizer applies to every value of the JVM's actor from
 * its start, and reaches child actors: a core child creates its own instance with the class's public no-arg
 * constructor, a Spring child uses its own context's beans. Both sides of a call need the same customizers for a
 * custom form to map back. Called once per actor start, before any value is mapped; must not block.
 */
@FunctionalInterface
public interface ValueMapperCustomizer {

    /** Customises {@code mapper}, a fresh copy built for this actor. */
    void customize(ObjectMapper mapper);
}
