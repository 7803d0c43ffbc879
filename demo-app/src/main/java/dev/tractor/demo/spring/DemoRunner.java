package dev.tractor.demo.spring;

import dev.tractor.ActorNursery;
import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.RemoteActorError;
import dev.tractor.spring.ActorNurseryFactory;
import dev.tractor.spring.ConditionalOnRootActor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs once, in the root actor only: starts a child actor "worker" (a JVM booting this application
 * without a web server) and calls its beans in every style. The worker stays up, so that
 * {@code /actuator/tractor} shows it, until the application stops.
 */
@Component
@ConditionalOnRootActor
@Order(1)
public class DemoRunner implements ApplicationRunner, DisposableBean {

    private final ActorNurseryFactory nurseries;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private ActorNursery nursery;

    public DemoRunner(ActorNurseryFactory nurseries) {
        this.nurseries = nurseries;
    }

    @Override
    public void run(ApplicationArguments args) {
        nursery = nurseries.open();
        Portal worker = nursery.startActor("worker");
        say("started child actor %s", worker.uid());

        say("pricing.quote(apple, 3) = %d cents", worker.run("pricing", "quote", Map.of("item", "apple", "quantity", 3), Integer.class));
        try {
            worker.run("pricing", "quote", Map.of("item", "kiwi", "quantity", 1));
        } catch (RemoteActorError e) {
            say("remote error: %s: %s", e.remoteType(), e.remoteMessage());
        }

        try (ReceiveStream<String> ticks = worker.openStreamFrom("ticker", "ticks", Map.of("count", 3), String.class)) {
            say("streamed %s", String.join(", ", ticks));
        }

        try (ContextHandle room = worker.openContext("chat", "room", Map.of("topic", "tractor"))) {
            say("context started: %s", room.started(String.class));
            try (MsgStream<String> stream = room.openStream(String.class)) {
                stream.send("hello");
                say("chat: %s", stream.receive());
            }
            say("context returned %d", room.result(Integer.class));
        }
        say("the worker keeps running: see /actuator/tractor");
    }

    /** What the demo printed, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void destroy() {
        if (nursery != null) {
            nursery.close();
        }
    }

    private void say(String format, Object... args) {
        String line = String.format(format, args);
        lines.add(line);
        System.out.println("[spring-demo] " + line);
    }
}
