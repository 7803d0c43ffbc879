package dev.tractor.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Registers a bean or configuration only in the root actor's context, not in the child contexts that
 * boot the same application for child actors. Put it on what should run once per tree: an
 * {@code ApplicationRunner} that spawns children, a scheduler, a web controller that drives the actors.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Conditional(OnRootActorCondition.class)
public @interface ConditionalOnRootActor {
}
