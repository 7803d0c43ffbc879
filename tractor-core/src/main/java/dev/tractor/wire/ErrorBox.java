package dev.tractor.wire;

import dev.tractor.ActorUid;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A remote error: {@code {"type", "message", "traceback", "src": [name, uuid], "relayed_by": [[name, uuid], …],
 * "canceller": [name, uuid]}}; {@code canceller} only for a cancelled task, naming the actor that asked for it.
 *
 * @param type      the fully qualified exception class name
 * @param message   the exception message, may be {@code null}
 * @param traceback the remote stack trace as text, may be {@code null}
 * @param src       the actor where the error was raised
 * @param relayedBy the actors that relayed it, in order; empty when it was not relayed
 * @param canceller for a cancelled task, the actor that asked for the cancel; null otherwise
 */
public record ErrorBox(String type, String message, String traceback, ActorUid src, List<ActorUid> relayedBy,
                       ActorUid canceller, List<ErrorBox> suppressed) {

    /** The most suppressed errors a box carries, and how deeply they may nest. */
    public static final int MAX_SUPPRESSED = 8;
    public static final int MAX_SUPPRESSED_DEPTH = 3;

    public ErrorBox {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(src, "src");
        relayedBy = relayedBy == null ? List.of() : List.copyOf(relayedBy);
        suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
    }

    /** A box with no suppressed errors. */
    public ErrorBox(String type, String message, String traceback, ActorUid src, List<ActorUid> relayedBy,
                    ActorUid canceller) {
        this(type, message, traceback, src, relayedBy, canceller, List.of());
    }

    /** A box with no canceller and no suppressed errors. */
    public ErrorBox(String type, String message, String traceback, ActorUid src, List<ActorUid> relayedBy) {
        this(type, message, traceback, src, relayedBy, null, List.of());
    }

    /** A copy carrying {@code errors} as the errors that happened together with this one. */
    public ErrorBox withSuppressed(List<ErrorBox> errors) {
        return new ErrorBox(type, message, traceback, src, relayedBy, canceller, errors);
    }

    /** Describes {@code t}, raised in actor {@code src}, with its full stack trace including causes. */
    public static ErrorBox of(Throwable t, ActorUid src) {
        StringWriter trace = new StringWriter();
        try (PrintWriter w = new PrintWriter(trace)) {
            t.printStackTrace(w);
        }
        return new ErrorBox(t.getClass().getName(), t.getMessage(), trace.toString(), src, List.of());
    }

    /** A copy of this box with {@code relay} appended to {@link #relayedBy()}. */
    public ErrorBox relayedThrough(ActorUid relay) {
        List<ActorUid> relays = new ArrayList<>(relayedBy);
        relays.add(Objects.requireNonNull(relay, "relay"));
        return new ErrorBox(type, message, traceback, src, relays, canceller, suppressed);
    }
}
