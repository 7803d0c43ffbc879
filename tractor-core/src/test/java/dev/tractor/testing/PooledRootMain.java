package dev.tractor.testing;

import dev.tractor.ActorRuntime;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * A root program with a warm pool of {@code <size>} children and nothing else: prints {@code POOL <pid>...} once
 * the pooled JVMs are started, then runs until its stdin closes. A test kills it to see its pool go with it.
 */
public final class PooledRootMain {

    private PooledRootMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int size = Integer.parseInt(args[0]);
        TractorConfig config = TractorConfig.builder().name("pooled-root").enableModules(Calc.class)
                .registry("127.0.0.1", 0).warmPoolSize(size).build();
        try (ActorRuntime root = Tractor.openRoot(config)) {
            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ProcessHandle.current().children().count() < size && System.nanoTime() - giveUp < 0) {
                Thread.sleep(20);
            }
            System.out.println("POOL " + ProcessHandle.current().children().map(p -> Long.toString(p.pid()))
                    .collect(Collectors.joining(" ")));
            System.out.flush();
            while (System.in.read() >= 0) {
                // run until the test closes our stdin
            }
        }
    }
}
