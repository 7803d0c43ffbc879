package dev.tractor.spring;

import dev.tractor.Context;
import dev.tractor.Tractor;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.MDC;

/**
 * Puts the serving actor into the MDC before an exposed bean method runs. Only the actor runtime
 * invokes the proxies this advice is applied to, each call on its own task thread that ends with the
 * call, so the values are left in place: items of a lazily consumed stream are logged with them too.
 */
final class ActorMdcInterceptor implements MethodInterceptor {

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        ActorMdc.put(Tractor.current().uid());
        Object[] args = invocation.getArguments();
        if (args.length > 0 && args[0] instanceof Context context) {
            MDC.put(ActorMdc.CID, context.cid());
        }
        return invocation.proceed();
    }
}
