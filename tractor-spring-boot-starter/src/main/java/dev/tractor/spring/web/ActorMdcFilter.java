package dev.tractor.spring.web;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.spring.ActorMdc;
import dev.tractor.spring.ManagedActorRuntime;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.core.Ordered;

/**
 * Puts this process's actor into the MDC ({@value ActorMdc#ACTOR}, {@value ActorMdc#UID}) for the
 * duration of each servlet request, so that log lines of request threads say which actor served them.
 * The thread's previous values are restored afterwards: request threads are pooled. Runs first in
 * the filter chain.
 */
public class ActorMdcFilter implements Filter, Ordered {

    private final ActorRuntime runtime;

    public ActorMdcFilter(ActorRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<ActorUid> uid = ManagedActorRuntime.ifOpen(runtime).map(ActorRuntime::uid);
        if (uid.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String actor = MDC.get(ActorMdc.ACTOR);
        String uuid = MDC.get(ActorMdc.UID);
        ActorMdc.put(uid.get());
        try {
            chain.doFilter(request, response);
        } finally {
            restore(ActorMdc.ACTOR, actor);
            restore(ActorMdc.UID, uuid);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
