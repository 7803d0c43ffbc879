package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.spawn.ChildEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child actor's tie to its parent: the connection to it, and the three signs that the parent is gone — that
 * connection closing (or going silent), the parent process exiting, the end of the stdin the parent holds open (the
 * last two not for a child told to watch its connection only, {@link ChildEnvironment#PARENT_WATCH}).
 * Any of them makes the child cancel itself. A parent that cancels the child closes that stdin once the child has
 * answered: a thread blocked reading it would hold up the JVM's exit by 300 ms (the JVM waits that long for
 * threads in native code before it exits). Thread-safe.
 */
final class ParentLink {

    private static final Logger log = LoggerFactory.getLogger(ParentLink.class);

    private final ActorUid self;
    private final Runnable cancelSelf;
    private final BooleanSupplier closing;
    private volatile Peer parent;

    /**
     * @param cancelSelf closes the child's actor; run on a thread of its own
     * @param closing    whether the actor is closing already (then a sign of the parent going away is expected)
     */
    ParentLink(ActorUid self, Runnable cancelSelf, BooleanSupplier closing) {
        this.self = self;
        this.cancelSelf = cancelSelf;
        this.closing = closing;
    }

    /** The connection to the parent, once the child has connected back; null for a root. */
    Peer parent() {
        return parent;
    }

    /** The child connected back over {@code peer}: from now on it watches for its parent going away. */
    void connected(Peer peer) {
        parent = peer;
        if (ChildEnvironment.WATCH_CONNECTION_ONLY.equals(System.getenv(ChildEnvironment.PARENT_WATCH))) {
            return;   // a container's process parent and stdin are not the parent actor's
        }
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(
                () -> orphaned("the parent process " + p.pid() + " exited")));
        // a platform thread: a blocking read of stdin would hold a virtual thread's carrier for the actor's life
        Thread.ofPlatform().daemon().name("tractor-stdin-watch").start(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // the parent never writes; only the end of input matters
                }
                orphaned("the parent's end of stdin closed");
            } catch (IOException e) {
                orphaned("stdin failed: " + e.getMessage());
            }
        });
    }

    /** A connection closed: if it was the parent's (and the actor is not closing anyway), the child is orphaned. */
    void peerClosed(Peer peer, boolean closing) {
        if (peer == parent && !closing) {
            String silence = peer.connection().closeReason();
            orphaned("the connection to the parent actor " + peer.uid() + (silence == null ? " was lost"
                    : " was closed: the parent is silent, " + silence));
        }
    }

    private void orphaned(String reason) {
        if (closing.getAsBoolean()) {
            log.debug("actor {}, closing: {}", self, reason);
            return;
        }
        log.warn("actor {} is orphaned ({}); cancelling itself", self, reason);
        Thread.ofPlatform().name("tractor-orphaned-" + self.name()).start(cancelSelf);
    }
}
