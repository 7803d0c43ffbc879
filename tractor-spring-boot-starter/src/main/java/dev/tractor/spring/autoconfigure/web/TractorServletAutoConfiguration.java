package dev.tractor.spring.autoconfigure.web;

import dev.tractor.ActorRuntime;
import dev.tractor.spring.autoconfigure.TractorAutoConfiguration;
import dev.tractor.spring.web.ActorMdcFilter;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Auto-configuration of the {@link ActorMdcFilter} in servlet web applications. */
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
}
