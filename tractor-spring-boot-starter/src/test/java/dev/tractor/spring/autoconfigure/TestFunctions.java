package dev.tractor.spring.autoconfigure;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Context;
import dev.tractor.spring.ActorMdc;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.MDC;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/** Beans with actor functions for the auto-configuration tests. */
final class TestFunctions {

    private TestFunctions() {
    }

    /** Namespace from the annotation. */
    @ActorNamespace("calc")
    public static class Calc {
        @ActorFunction
        public int square(int x) {
            return x * x;
        }

        @ActorFunction
        public String mdcActor() {
            return MDC.get(ActorMdc.ACTOR);
        }
    }

    /** No annotation: the namespace is the bean name. */
    public static class Feeds {
        @ActorFunction
        public Stream<Integer> count(int to) {
            return IntStream.range(0, to).boxed();
        }
    }

    /** A context function. */
    public static class Echo {
        @ActorFunction
        public int server(Context ctx, int start) {
            ctx.started(start);
            return start;
        }
    }

    /** Another bean defining {@code calc.square}. */
    @ActorNamespace("calc")
    public static class OtherCalc {
        @ActorFunction
        public int square(int x) {
            return -x;
        }
    }

    /** An interface, so a JDK dynamic proxy of {@link Named} can be made. */
    public interface Naming {
        String name(String who);
    }

    /** Exposed through a JDK dynamic proxy. */
    @ActorNamespace("named")
    public static class Named implements Naming {
        @Override
        @ActorFunction
        public String name(String who) {
            return "named " + who;
        }
    }

    /** Wraps {@link Calc} in a class-based AOP proxy and {@link Named} in a JDK proxy, counting calls. */
    public static class Proxying implements BeanPostProcessor {
        public final AtomicInteger advised = new AtomicInteger();

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof Calc) && !(bean instanceof Named)) {
                return bean;
            }
            ProxyFactory factory = new ProxyFactory(bean);
            factory.setProxyTargetClass(bean instanceof Calc);
            factory.addAdvice((MethodInterceptor) invocation -> {
                advised.incrementAndGet();
                return invocation.proceed();
            });
            return factory.getProxy();
        }
    }
}
