package dev.tractor.spring;

import dev.tractor.spring.child.ChildActorLaunch;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches unless the context is a child actor's (which holds a {@link ChildActorLaunch} singleton). */
final class OnRootActorCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        return beanFactory == null || !beanFactory.containsSingleton(ChildActorLaunch.BEAN_NAME);
    }
}
