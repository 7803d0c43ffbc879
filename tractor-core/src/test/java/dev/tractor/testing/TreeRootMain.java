package dev.tractor.testing;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A root actor in its own JVM, for tests that kill or terminate a whole tree: opens a root (argument:
 * the cancel grace period in milliseconds), starts a child that starts a grandchild ({@link Tree#hold}),
 * prints {@code PIDS <root> <child> <grandchild>} on stdout and waits until the tree ends.
 */
public final class TreeRootMain {

    private TreeRootMain() {
    }

    public static void main(String[] args) {
        TractorConfig config = TractorConfig.builder().name("treeroot").enableModules(Tree.class)
                .cancelGracePeriod(Duration.ofMillis(Long.parseLong(args[0]))).build();
        ActorRuntime rt = Tractor.openRoot(config);
        ActorNursery n = rt.openNursery();
        Portal child = n.startActor("child");
        ContextHandle hold = child.openContext("tree", "hold", Map.of());
        List<?> pids = hold.started(List.class);
        System.out.println("PIDS " + ProcessHandle.current().pid() + " " + pids.get(0) + " " + pids.get(1));
        System.out.flush();
        try {
            hold.result();
        } catch (TractorException e) {
            System.out.println("the tree ended: " + e.getMessage());
        }
    }
}
