package dev.tractor.spring.sample;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Context;
import dev.tractor.MsgStream;
import dev.tractor.Tractor;
import dev.tractor.spring.ActorMdc;
import dev.tractor.spring.autoconfigure.TractorProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.stereotype.Component;

/** One function per call style, using autowired beans. */
@Component
@ActorNamespace("greetings")
public class GreetingFunctions {

    @Autowired
    private Greeter greeter;

    @Autowired
    private TractorProperties properties;

    @Autowired
    private ConfigurableListableBeanFactory beans;

    @ActorFunction
    public String greet(String name) {
        return greeter.greet(name) + " from " + Tractor.current().uid().name();
    }

    @ActorFunction
    public Stream<String> count(int to) {
        return IntStream.range(0, to).mapToObj(i -> greeter.greet("#" + i));
    }

    @ActorFunction
    public int shout(Context ctx, String prefix) {
        ctx.started(prefix + "ready");
        int n = 0;
        try (MsgStream<String> stream = ctx.openStream(String.class)) {
            for (String msg : stream) {
                stream.send(prefix + msg.toUpperCase());
                n++;
            }
        }
        return n;
    }

    /** What this actor knows about itself: for checking inherited settings and the MDC. */
    @ActorFunction
    public Map<String, Object> whoami() {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("actor", Tractor.current().uid().name());
        me.put("mdcActor", MDC.get(ActorMdc.ACTOR));
        me.put("mdcUid", MDC.get(ActorMdc.UID));
        me.put("propertyName", properties.getName());
        me.put("streamWindow", properties.getStream().getWindow());
        me.put("pid", ProcessHandle.current().pid());
        me.put("ledgerControllerCreated", beans.containsSingleton("ledgerController"));
        return me;
    }
}
