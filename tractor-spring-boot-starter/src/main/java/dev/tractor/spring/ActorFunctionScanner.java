package dev.tractor.spring;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.FunctionNames;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the singleton beans that have {@link ActorFunction} methods, decides their namespace (the
 * user class's {@link ActorNamespace}, else the bean name) and rejects two beans defining the same
 * function. AOP proxies are looked through: the annotations are read from the user class, and calls
 * still go through the proxy (so its advice applies).
 */
final class ActorFunctionScanner {

    private static final Logger log = LoggerFactory.getLogger(ActorFunctionScanner.class);
    private static final String RESERVED_NAMESPACE = "self";

    private final ConfigurableListableBeanFactory beanFactory;

    ActorFunctionScanner(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    List<ExposedBean> scan() {
        List<ExposedBean> exposed = new ArrayList<>();
        Map<String, String> definedBy = new LinkedHashMap<>();
        for (String name : beanFactory.getBeanNamesForType(Object.class, false, false)) {
            if (ScopedProxyUtils.isScopedTarget(name)) {
                continue;
            }
            Class<?> type = beanFactory.getType(name, false);
            if (type == null) {
                continue;
            }
            Object bean = null;
            if (Proxy.isProxyClass(type)) {
                bean = beanFactory.getBean(name);
                type = AopProxyUtils.ultimateTargetClass(bean);
            }
            Class<?> userClass = ClassUtils.getUserClass(type);
            List<Method> functions = actorFunctions(userClass);
            if (functions.isEmpty()) {
                continue;
            }
            if (bean == null) {
                bean = beanFactory.getBean(name);
                userClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
            }
            String namespace = namespaceOf(name, userClass);
            for (Method m : functions) {
                String fn = namespace + "." + FunctionNames.functionName(m);
                String here = describe(name, userClass, m);
                String previous = definedBy.putIfAbsent(fn, here);
                if (previous != null) {
                    throw new BeanCreationException(name, "Duplicate actor function '" + fn + "': defined by "
                            + previous + " and by " + here + ". Give one of them another @ActorFunction name "
                            + "or its bean another @ActorNamespace.");
                }
            }
            exposed.add(new ExposedBean(name, namespace, invocationTarget(name, bean, userClass, functions), userClass));
        }
        return exposed;
    }

    private static List<Method> actorFunctions(Class<?> userClass) {
        List<Method> found = new ArrayList<>();
        for (Method m : userClass.getMethods()) {
            if (m.isAnnotationPresent(ActorFunction.class) && !Modifier.isStatic(m.getModifiers())) {
                found.add(m);
            }
        }
        return found;
    }

    private static String namespaceOf(String beanName, Class<?> userClass) {
        ActorNamespace ns = AnnotatedElementUtils.findMergedAnnotation(userClass, ActorNamespace.class);
        String namespace = ns != null ? ns.value() : beanName;
        if (RESERVED_NAMESPACE.equals(namespace)) {
            throw new BeanCreationException(beanName, "Bean '" + beanName + "' exposes actor functions under the "
                    + "namespace 'self', which every actor reserves for its own functions; annotate its class "
                    + "with another @ActorNamespace");
        }
        return namespace;
    }

    private static String describe(String beanName, Class<?> userClass, Method m) {
        return "bean '" + beanName + "' (" + userClass.getName() + "#" + m.getName() + ")";
    }

    /**
     * The object the runtime invokes: the bean itself, or for a JDK dynamic proxy (which does not
     * extend the user class) its target. It is wrapped in a class-based proxy that sets the MDC,
     * unless the class or one of its exposed methods is final.
     */
    private static Object invocationTarget(String beanName, Object bean, Class<?> userClass, List<Method> functions) {
        Object target = bean;
        if (AopUtils.isJdkDynamicProxy(bean)) {
            target = AopProxyUtils.getSingletonTarget(bean);
            if (target == null) {
                throw new BeanCreationException(beanName, "Bean '" + beanName + "' is a JDK dynamic proxy without a "
                        + "fixed target, so its @ActorFunction methods cannot be invoked; use class-based proxies "
                        + "(spring.aop.proxy-target-class=true)");
            }
            log.warn("Bean '{}' is a JDK dynamic proxy: its @ActorFunction methods are invoked on its target, "
                    + "without the proxy's advice; use class-based proxies to keep it", beanName);
        }
        if (Modifier.isFinal(userClass.getModifiers())
                || functions.stream().anyMatch(m -> Modifier.isFinal(m.getModifiers()))) {
            return target;
        }
        try {
            ProxyFactory factory = new ProxyFactory(target);
            factory.setProxyTargetClass(true);
            factory.addAdvice(new ActorMdcInterceptor());
            return factory.getProxy(userClass.getClassLoader());
        } catch (RuntimeException e) {
            log.debug("Bean '{}' cannot be proxied to set the MDC on its task threads: {}", beanName, e.toString());
            return target;
        }
    }
}
