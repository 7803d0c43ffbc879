package dev.tractor.testing;

import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A root program configured as a user would leave it, with no cookie: {@code <registryPort> <name> [<other>]}.
 * Opens a root on that registry (its cookie comes from the per-user cookie file), prints {@code READY <registrar?>};
 * given {@code other}, waits for the actor of that name, calls its {@code self.ping} and prints
 * {@code FOUND <uid>}. Runs until its stdin closes; a failure to open prints {@code FAILED <message>}.
 */
public final class DefaultCookieRootMain {

    private DefaultCookieRootMain() {
    }

    public static void main(String[] args) throws IOException {
        TractorConfig config = TractorConfig.builder().name(args[1]).registry("127.0.0.1", Integer.parseInt(args[0]))
                .build();
        ActorRuntime root;
        try {
            root = Tractor.openRoot(config);
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            return;
        }
        try (root) {
            System.out.println("READY " + root.isRegistrar());
            if (args.length > 2) {
                Portal other = root.waitForActor(args[2], Duration.ofSeconds(10));
                System.out.println("FOUND " + other.run("self", "ping", Map.of()));
            }
            System.out.flush();
            while (System.in.read() >= 0) {
                // run until the test closes our stdin
            }
        }
    }
}
