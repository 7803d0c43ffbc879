package dev.tractor.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tractor.TractorException;
import dev.tractor.ValueMapperCustomizer;
import dev.tractor.wire.ValueCodec;
import java.util.List;

/**
 * The JVM's value mapper as its actor's configuration customises it: an actor that opens with customizers installs a
 * fresh mapper built from them, and puts the default one back when it closes (one JVM holds one actor, but tests and
 * embedders may open several in turn).
 */
final class ValueMappers {

    private static List<ValueMapperCustomizer> installed = List.of();

    private ValueMappers() {
    }

    /** Installs the mapper {@code customizers} make, if there are any. */
    static synchronized void open(String actor, List<ValueMapperCustomizer> customizers) {
        if (customizers.isEmpty()) {
            return;
        }
        ObjectMapper mapper = ValueCodec.baseMapper();
        for (ValueMapperCustomizer c : customizers) {
            try {
                c.customize(mapper);
            } catch (RuntimeException e) {
                throw new TractorException("actor '" + actor + "': the value mapper customizer " + c.getClass().getName()
                        + " failed: " + e.getMessage(), e);
            }
        }
        ValueCodec.useMapper(mapper);
        installed = customizers;
    }

    /** Puts the default mapper back if {@code customizers} installed the current one. */
    static synchronized void closed(List<ValueMapperCustomizer> customizers) {
        if (!customizers.isEmpty() && customizers == installed) {
            ValueCodec.useMapper(ValueCodec.baseMapper());
            installed = List.of();
        }
    }
}
