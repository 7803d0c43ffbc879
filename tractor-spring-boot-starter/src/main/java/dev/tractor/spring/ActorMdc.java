package dev.tractor.spring;

import dev.tractor.ActorUid;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys under which log lines carry the actor they come from. Set on the thread that
 * starts the runtime (the application's main thread), on a child actor's main thread, on servlet
 * request threads while they serve a request, and on the task thread of every call to a bean's
 * {@link dev.tractor.ActorFunction} (plus {@value #CID} for context functions). Show them with
 * {@code %X{tractor.actor}} in a log pattern.
 */
public final class ActorMdc {

    /** The actor's name. */
    public static final String ACTOR = "tractor.actor";
    /** The actor's uuid (its incarnation). */
    public static final String UID = "tractor.uid";
    /** The call id of the context a context function serves. */
    public static final String CID = "tractor.cid";

    private ActorMdc() {
    }

    /** Puts the actor's name and uuid into the current thread's MDC. */
    public static void put(ActorUid uid) {
        MDC.put(ACTOR, uid.name());
        MDC.put(UID, uid.uuid());
    }
}
