package dev.tractor.testing;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import java.io.IOException;

/**
 * An independent root program for discovery tests: {@code <registryPort> <cookie> <childName>}. Opens a
 * root on that registry, starts one child, prints {@code READY <registrar?> <childPid>}, and runs until
 * its stdin closes.
 */
public final class RootProgramMain {

    private RootProgramMain() {
    }

    public static void main(String[] args) throws IOException {
        TractorConfig config = TractorConfig.builder().name("program").enableModules(Calc.class)
                .registry("127.0.0.1", Integer.parseInt(args[0])).cookie(args[1]).build();
        try (ActorRuntime root = Tractor.openRoot(config); ActorNursery n = root.openNursery()) {
            Portal child = n.startActor(args[2]);
            Object pid = child.run("self", "status", java.util.Map.of(), java.util.Map.class).get("pid");
            System.out.println("READY " + root.isRegistrar() + " " + pid);
            System.out.flush();
            while (System.in.read() >= 0) {
                // run until the test closes our stdin
            }
        }
    }
}
