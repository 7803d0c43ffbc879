package dev.tractor.spring.autoconfigure.health;

import dev.tractor.ActorRuntime;
import dev.tractor.spring.ChildActorMonitor;
import dev.tractor.spring.autoconfigure.TractorAutoConfiguration;
import dev.tractor.spring.health.TractorHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code tractor} health indicator, when Spring Boot's health support is on
 * the class path; {@code management.health.tractor.enabled=false} turns it off.
 */
@AutoConfiguration(after = TractorAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean({ActorRuntime.class, ChildActorMonitor.class})
@ConditionalOnEnabledHealthIndicator("tractor")
public final class TractorHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "tractorHealthIndicator")
    TractorHealthIndicator tractorHealthIndicator(ActorRuntime runtime, ChildActorMonitor monitor) {
        return new TractorHealthIndicator(runtime, monitor);
    }
}
