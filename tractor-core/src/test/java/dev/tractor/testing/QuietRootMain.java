package dev.tractor.testing;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import java.util.Map;

/** A root that spawns one child and calls it, then exits: what a first program does. Prints {@code SQUARE <n>}. */
public final class QuietRootMain {

    private QuietRootMain() {
    }

    public static void main(String[] args) {
        TractorConfig config = TractorConfig.builder().name("quiet").enableModules(Calc.class)
                .registry("127.0.0.1", 0).build();
        try (ActorRuntime root = Tractor.openRoot(config); ActorNursery n = root.openNursery()) {
            Portal child = n.startActor("child");
            System.out.println("SQUARE " + child.run("calc", "square", Map.of("x", 12), Integer.class));
        }
    }
}
