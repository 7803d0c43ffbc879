package dev.tractor.spring.autoconfigure.web;

import dev.tractor.ActorRuntime;
import dev.tractor.spring.autoconfigure.TractorAutoConfiguration;
import dev.tractor.spring.web.ActorMdcFilter;
import dev.tractor.spring.web.ActorProblemDetails;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for servlet web applications: the {@link ActorMdcFilter}, and (with Spring MVC, unless
 * {@code tractor.web.problem-details.enabled=false}) problem details for actor failures ({@link ActorProblemDetails}).
 */
@AutoConfiguration(after = TractorAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Filter.class)
@ConditionalOnBean(ActorRuntime.class)
public final class TractorServletAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ActorMdcFilter tractorActorMdcFilter(ActorRuntime runtime) {
        return new ActorMdcFilter(runtime);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    @ConditionalOnBooleanProperty(name = "tractor.web.problem-details.enabled", matchIfMissing = true)
    ActorProblemDetails tractorActorProblemDetails() {
        return new ActorProblemDetails();
    }
}
