package dev.tractor.spring.autoconfigure;

import dev.tractor.Portal;
import dev.tractor.spring.ServicePortal;
import dev.tractor.spring.TractorServices;
import dev.tractor.spring.child.ChildActorLaunch;
import java.util.Map;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers, for each service declared under {@code tractor.services.<name>}, a {@link Portal} bean named after the
 * service (a {@link ServicePortal} from {@link TractorServices}), so that {@code @Qualifier("calc") Portal calc}
 * injects it. Only in the root actor's context: a child actor's context has neither these beans nor the services. A
 * bean that already has a service's name fails the start, naming both.
 */
final class ServicePortalRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware {

    private Environment environment;
    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        if (registry instanceof ConfigurableListableBeanFactory factory
                && factory.containsSingleton(ChildActorLaunch.BEAN_NAME)) {
            return;
        }
        Map<String, Object> services = Binder.get(environment)
                .bind("tractor.services", Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
        for (String name : services.keySet()) {
            if (registry.containsBeanDefinition(name)) {
                throw new ApplicationContextException("tractor.services." + name + " declares a service whose portal "
                        + "is a bean named '" + name + "', but a bean of that name exists already ("
                        + registry.getBeanDefinition(name).getResourceDescription() + "); rename the service or the bean");
            }
            RootBeanDefinition portal = new RootBeanDefinition(ServicePortal.class,
                    () -> beanFactory.getBean(TractorServices.class).portal(name));
            portal.setDescription("the portal of the service declared under tractor.services." + name);
            registry.registerBeanDefinition(name, portal);
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }
}
