package dev.tractor.spring.autoconfigure.metrics;

import dev.tractor.ActorRuntime;
import dev.tractor.spring.autoconfigure.TractorAutoConfiguration;
import dev.tractor.spring.metrics.TractorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the runtime's Micrometer meters ({@link TractorMetrics}), when Micrometer is on
 * the class path and a {@link MeterRegistry} exists. The meters are a {@code MeterBinder} (bound by
 * Spring Boot) and a {@code RuntimeListener} (added to the actor when it opens).
 */
@AutoConfiguration(after = TractorAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, ActorRuntime.class})
public final class TractorMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TractorMetrics tractorMetrics() {
        return new TractorMetrics();
    }
}
