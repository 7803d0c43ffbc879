package dev.tractor.testing;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import java.util.Map;

/**
 * A root configured as the README's several-hosts example: registry and listener on the wildcard address
 * ({@code <port> <cookie>}). Starts a child, then prints {@code REGISTRY <entries>} (what the registrar holds),
 * {@code CALLED <result>} (the child found by name and called) and exits.
 */
public final class WildcardRootMain {

    private WildcardRootMain() {
    }

    public static void main(String[] args) {
        TractorConfig config = TractorConfig.builder().name("wildcard").enableModules(Calc.class).cookie(args[1])
                .registry("0.0.0.0", Integer.parseInt(args[0])).bindHost("0.0.0.0").build();
        try (ActorRuntime root = Tractor.openRoot(config); ActorNursery n = root.openNursery()) {
            n.startActor("w");
            System.out.println("ADDRESS " + root.address());
            System.out.println("REGISTRY " + root.status().registry());
            System.out.println("CALLED " + root.findActor("w").orElseThrow().run("calc", "square", Map.of("x", 9)));
            System.out.flush();
        }
    }
}
