package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorConfig;
import dev.tractor.embed.RuntimeSetup;
import dev.tractor.spawn.ChildEnvironment;
import dev.tractor.spawn.ChildSignals;
import dev.tractor.spawn.PoolClaim;
import java.util.Map;

/**
 * The entry point of a child actor JVM started by {@link dev.tractor.spawn.JvmSpawnBackend}: arguments
 * {@code <name> <uuid> <parentAddress>}, configuration and cookie from the environment. Opens the
 * child's actor, connects back to the parent, serves until cancelled (or orphaned), then exits.
 * Started with the single argument {@link PoolClaim#POOLED} it is a warm pool's child: it warms up, then waits for
 * its identity and environment on stdin, and exits if stdin ends first.
 * Exit codes: 0 after a cancel (or a pool closed before the claim), 2 for bad arguments, 3 when the actor could
 * not start.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) {
        ChildSignals.ignoreInterrupt();
        ActorUid uid;
        Address parent;
        Map<String, String> env;
        if (args.length == 1 && args[0].equals(PoolClaim.POOLED)) {
            WarmUp.run();
            PoolClaim claim;
            try {
                claim = PoolClaim.readFrom(System.in);
            } catch (Exception e) {
                System.err.println("pooled child: " + e.getMessage());
                System.exit(2);
                return;
            }
            if (claim == null) {
                System.exit(0);
                return;
            }
            uid = claim.uid();
            parent = claim.parent();
            env = claim.env();
        } else if (args.length == 3) {
            uid = new ActorUid(args[0], args[1]);
            parent = null;
            env = System.getenv();
        } else {
            System.err.println("usage: ChildMain <name> <uuid> <parentAddress> | " + PoolClaim.POOLED
                    + " (started by a Tractor parent)");
            System.exit(2);
            return;
        }
        Actor actor;
        try {
            TractorConfig config = ChildEnvironment.read(uid.name(), env, ChildMain.class.getClassLoader());
            actor = Actor.openChild(config, uid, parent != null ? parent : Address.parse(args[2]),
                    RuntimeSetup.defaults());
        } catch (Throwable t) {
            System.err.println("actor " + uid.name() + " failed to start: " + t);
            t.printStackTrace();
            System.exit(3);
            return;
        }
        actor.awaitClosed();
        System.exit(0);
    }
}
