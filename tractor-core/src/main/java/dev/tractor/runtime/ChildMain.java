package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorConfig;
import dev.tractor.embed.RuntimeSetup;
import dev.tractor.spawn.ChildEnvironment;

/**
 * The entry point of a child actor JVM started by {@link dev.tractor.spawn.JvmSpawnBackend}: arguments
 * {@code <name> <uuid> <parentAddress>}, configuration and cookie from the environment. Opens the
 * child's actor, connects back to the parent, serves until cancelled (or orphaned), then exits.
 * Exit codes: 0 after a cancel, 2 for bad arguments, 3 when the actor could not start.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ChildMain <name> <uuid> <parentAddress> (started by a Tractor parent)");
            System.exit(2);
        }
        ActorUid uid = new ActorUid(args[0], args[1]);
        Actor actor;
        try {
            TractorConfig config = ChildEnvironment.read(uid.name(), System.getenv(), ChildMain.class.getClassLoader());
            actor = Actor.openChild(config, uid, Address.parse(args[2]), RuntimeSetup.defaults());
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
