package dev.tractor.spring.autoconfigure.actuate;

import dev.tractor.ActorRuntime;
import dev.tractor.spring.ActorFunctionRegistry;
import dev.tractor.spring.ChildActorMonitor;
import dev.tractor.spring.TractorServices;
import dev.tractor.spring.actuate.endpoint.TractorEndpoint;
import dev.tractor.spring.actuate.endpoint.TractorEndpointWebExtension;
import dev.tractor.spring.autoconfigure.TractorAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code tractor} actuator endpoint, when the actuator is on the class path
 * and the endpoint is available (enabled and exposed, e.g.
 * {@code management.endpoints.web.exposure.include=health,tractor}).
 */
@AutoConfiguration(after = TractorAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(TractorEndpoint.class)
@ConditionalOnBean({ActorRuntime.class, ActorFunctionRegistry.class, ChildActorMonitor.class})
public final class TractorEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TractorEndpoint tractorEndpoint(ActorRuntime runtime, ActorFunctionRegistry functions, ChildActorMonitor monitor,
                                    ObjectProvider<TractorServices> services) {
        return new TractorEndpoint(runtime, functions, monitor, services.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(TractorEndpoint.class)
    TractorEndpointWebExtension tractorEndpointWebExtension(TractorEndpoint endpoint) {
        return new TractorEndpointWebExtension(endpoint);
    }
}
