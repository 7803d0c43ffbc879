package dev.tractor.spring.autoconfigure;

import dev.tractor.ActorRuntime;
import dev.tractor.ServiceSpec;
import dev.tractor.TractorConfig;
import dev.tractor.ValueMapperCustomizer;
import dev.tractor.TractorException;
import dev.tractor.observe.RuntimeListener;
import dev.tractor.spawn.SpawnBackend;
import dev.tractor.spring.ActorFunctionRegistry;
import dev.tractor.spring.ActorNurseryFactory;
import dev.tractor.spring.ChildActorMonitor;
import dev.tractor.spring.ConditionalOnRootActor;
import dev.tractor.spring.ManagedActorRuntime;
import dev.tractor.spring.TractorServices;
import dev.tractor.spring.child.ChildActorLaunch;
import dev.tractor.spring.child.ChildLaunchStyle;
import dev.tractor.spring.child.PendingChildLaunch;
import dev.tractor.spring.child.SpringApplicationSpawnBackend;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the Tractor actor runtime: {@link TractorConfig} from {@code tractor.*}, the
 * {@link ActorFunctionRegistry} of the application's {@code @ActorFunction} beans, a
 * {@link SpawnBackend} whose children boot this application, the {@link ActorRuntime} (a
 * {@link ManagedActorRuntime}, opened and closed with the context) and an {@link ActorNurseryFactory}; in the root
 * actor's context, the services declared under {@code tractor.services.*} ({@link TractorServices}, started with the
 * context) and a {@code Portal} bean named after each.
 * Every bean backs off when the application defines its own; {@code tractor.enabled=false} turns the
 * whole runtime off.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "tractor.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TractorProperties.class)
public final class TractorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TractorConfig tractorConfig(TractorProperties properties, Environment environment,
                                ObjectProvider<ChildActorLaunch> child, ObjectProvider<SslBundles> sslBundles,
                                ObjectProvider<ValueMapperCustomizer> valueMappers) {
        ChildActorLaunch launch = child.getIfAvailable();
        TractorConfig config = launch != null ? launch.config() : TractorConfigFactory.create(properties, environment);
        // root and child contexts alike apply this application's customizers, in their order
        List<ValueMapperCustomizer> mappers = valueMappers.orderedStream().toList();
        if (!mappers.isEmpty()) {
            config = config.toBuilder().valueMappers(mappers).build();
        }
        return TractorConfigFactory.withTls(config, properties, sslBundles);
    }

    @Bean
    @ConditionalOnMissingBean
    ActorFunctionRegistry actorFunctionRegistry(ConfigurableListableBeanFactory beanFactory) {
        return new ActorFunctionRegistry(beanFactory);
    }

    @Bean
    @ConditionalOnMissingBean
    SpawnBackend tractorSpawnBackend(ConfigurableListableBeanFactory beanFactory, Environment environment,
                                     TractorProperties properties) {
        if (!"jvm".equals(properties.getSpawn().getBackend())) {
            throw new TractorException("tractor.spawn.backend is '" + properties.getSpawn().getBackend() + "', which"
                    + " nothing on the class path provides: 'jvm' is built in, 'kubernetes' needs the"
                    + " tractor-kubernetes module");
        }
        return new SpringApplicationSpawnBackend(() -> applicationClass(beanFactory), environment::getActiveProfiles,
                ChildLaunchStyle.current());
    }

    @Bean
    @ConditionalOnMissingBean
    ChildActorMonitor tractorChildActorMonitor() {
        return new ChildActorMonitor();
    }

    @Bean
    @ConditionalOnMissingBean(ActorRuntime.class)
    ManagedActorRuntime actorRuntime(TractorConfig config, ActorFunctionRegistry functions, SpawnBackend spawner,
                                     ObjectProvider<RuntimeListener> listeners, ObjectProvider<ChildActorLaunch> child,
                                     ObjectProvider<PendingChildLaunch> pending) {
        ChildActorLaunch launch = child.getIfAvailable();
        PendingChildLaunch later = pending.getIfAvailable();
        Supplier<ChildActorLaunch> source = launch != null ? () -> launch : later != null ? later::await : null;
        return new ManagedActorRuntime(config, functions, spawner, () -> listeners.orderedStream().toList(), source);
    }

    @Bean
    @ConditionalOnMissingBean
    ActorNurseryFactory actorNurseryFactory(ActorRuntime runtime) {
        return runtime::openNursery;
    }

    @Bean
    @ConditionalOnRootActor
    @ConditionalOnMissingBean
    TractorServices tractorServices(ActorRuntime runtime, TractorProperties properties) {
        Map<String, ServiceSpec> declared = new LinkedHashMap<>();
        properties.getServices().forEach((name, service) -> declared.put(name, service.toSpec()));
        return new TractorServices(runtime, declared);
    }

    @Bean
    @ConditionalOnRootActor
    static ServicePortalRegistrar tractorServicePortalRegistrar() {
        return new ServicePortalRegistrar();
    }

    /**
     * The application class child actors boot: the context's one {@code @SpringBootConfiguration} class (for other
     * spawn backends that boot it too).
     *
     * @throws TractorException if the context has none, or several
     */
    public static String applicationClass(ConfigurableListableBeanFactory beanFactory) {
        Set<Class<?>> candidates = new LinkedHashSet<>();
        for (String name : beanFactory.getBeanNamesForAnnotation(SpringBootConfiguration.class)) {
            Class<?> type = beanFactory.getType(name, false);
            if (type != null) {
                candidates.add(ClassUtils.getUserClass(type));
            }
        }
        if (candidates.size() > 1) {
            candidates.removeIf(c -> !c.isAnnotationPresent(SpringBootApplication.class));
        }
        if (candidates.size() != 1) {
            throw new TractorException("cannot tell which application class child actors should boot: child actors "
                    + "boot the application's one @SpringBootConfiguration class, and this context has "
                    + (candidates.isEmpty() ? "none" : Arrays.toString(candidates.toArray()))
                    + "; define a SpawnBackend bean (e.g. a SpringApplicationSpawnBackend naming the class)");
        }
        return candidates.iterator().next().getName();
    }
}
