package dev.tractor.demo;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.RemoteActorError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import java.util.Map;

/**
 * The demo: a root actor spawns child JVMs and uses every call style on them, then shows that
 * leaving the nursery leaves no child process behind.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) {
        TractorConfig config = TractorConfig.builder().name("demo")
                .enableModules(Calc.class, Feeds.class, Echo.class).build();
        try (ActorRuntime root = Tractor.openRoot(config); ActorNursery nursery = root.openNursery()) {
            say("root actor %s listening on %s (pid %d)", root.uid(), root.address(), ProcessHandle.current().pid());

            Portal calc = nursery.startActor("calc");
            say("started child actor %s", calc.uid());
            say("calc.square(7) = %d", calc.run("calc", "square", Map.of("x", 7), Integer.class));
            say("typed proxy: square(12) = %d", calc.proxy(CalcApi.class).square(12));
            int byRef = calc.run(Calc::square, 5);
            say("method reference: square(5) = %d", byRef);

            try {
                calc.run("calc", "divide", Map.of("a", 1, "b", 0));
            } catch (RemoteActorError e) {
                say("remote error: %s from %s: %s", e.remoteType(), e.source().name(), e.remoteMessage());
            }

            try (ReceiveStream<Integer> numbers = calc.openStreamFrom("feeds", "count", Map.of("to", 10_000), Integer.class)) {
                long sum = 0;
                for (int i : numbers) {
                    sum += i;
                }
                say("streamed 10000 numbers, sum %d", sum);
            }

            try (ContextHandle ctx = calc.openContext("echo", "server", Map.of("start", 1))) {
                say("context started with %s", ctx.started(Integer.class));
                try (MsgStream<String> stream = ctx.openStream(String.class)) {
                    for (String word : new String[] {"structured", "concurrency"}) {
                        stream.send(word);
                        say("echo: %s -> %s", word, stream.receive());
                    }
                }
                say("context returned %d", ctx.result(Integer.class));
            }

            Portal once = nursery.runInActor("once", "calc", "square", Map.of("x", 9));
            say("runInActor result: %d", once.result(Integer.class));

            calc.cancelActor();
            say("cancelled %s", calc.uid());
        }
        say("nursery closed; child processes left: %d", ProcessHandle.current().descendants().count());
    }

    private static void say(String format, Object... args) {
        System.out.println("[demo] " + String.format(format, args));
    }
}
