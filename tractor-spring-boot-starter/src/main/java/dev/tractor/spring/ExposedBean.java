package dev.tractor.spring;

/**
 * A bean whose {@link dev.tractor.ActorFunction} methods are exposed.
 *
 * @param beanName  the bean's name
 * @param namespace the namespace its functions are registered under
 * @param target    what the runtime invokes: the bean (or its AOP proxy), wrapped to set the MDC
 * @param userClass the bean's own class, whose annotated methods are exposed
 */
record ExposedBean(String beanName, String namespace, Object target, Class<?> userClass) {
}
