package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.ContextCancelled;
import dev.tractor.RemoteActorError;
import dev.tractor.wire.ErrorBox;
import java.util.ArrayList;
import java.util.List;

/** Turns error boxes from the wire into the exceptions callers catch. */
public final class ErrorBoxes {

    private ErrorBoxes() {
    }

    /** The exception for a failed call of {@code function} on {@code peer}. */
    public static RemoteActorError toException(ErrorBox box, String function, ActorUid peer) {
        ActorUid src = box.src() != null ? box.src() : peer;
        StringBuilder text = new StringBuilder();
        text.append(function).append(" in actor ").append(src.name()).append(" (").append(src.uuid())
                .append(") raised ").append(box.type());
        if (box.message() != null) {
            text.append(": ").append(box.message());
        }
        if (!box.relayedBy().isEmpty()) {
            text.append(" [relayed by ").append(box.relayedBy()).append(']');
        }
        RemoteActorError error = ContextCancelled.class.getName().equals(box.type())
                ? new ContextCancelled(text.toString(), box.type(), box.message(), box.traceback(), src,
                        box.relayedBy(), box.canceller())
                : new RemoteActorError(text.toString(), box.type(), box.message(), box.traceback(), src,
                        box.relayedBy());
        for (ErrorBox other : box.suppressed()) {
            error.addSuppressed(toException(other, function, peer));
        }
        return error;
    }

    /**
     * The box for an error raised by a task of actor {@code self}. A {@link RemoteActorError} the task
     * re-raises (from a child's result, a nursery's close, a call to another actor) keeps its original
     * source, type, message and traceback, and gains {@code self} as a relay.
     */
    public static ErrorBox box(Throwable t, ActorUid self) {
        return box(t, self, 0);
    }

    /** As {@link #box(Throwable, ActorUid)}; the errors suppressed in {@code t} go along, to a bounded depth. */
    private static ErrorBox box(Throwable t, ActorUid self, int depth) {
        ErrorBox box;
        if (t instanceof RemoteActorError r && r.remoteType() != null && r.source() != null) {
            ActorUid canceller = r instanceof ContextCancelled c ? c.canceller() : null;
            box = new ErrorBox(r.remoteType(), r.remoteMessage(), r.remoteTraceback(), r.source(), r.relayedBy(),
                    canceller).relayedThrough(self);
        } else {
            box = ErrorBox.of(t, self);
        }
        Throwable[] others = t.getSuppressed();
        if (others.length == 0 || depth >= ErrorBox.MAX_SUPPRESSED_DEPTH) {
            return box;
        }
        List<ErrorBox> boxes = new ArrayList<>();
        for (int i = 0; i < Math.min(others.length, ErrorBox.MAX_SUPPRESSED); i++) {
            boxes.add(box(others[i], self, depth + 1));
        }
        return box.withSuppressed(boxes);
    }

    /** The box sent for a task that was cancelled at the request of {@code by} (null: its own actor shutting down). */
    public static ErrorBox cancelled(String function, String cid, ActorUid self, ActorUid by) {
        String who = by == null ? "its actor shutting down" : by.toString();
        return new ErrorBox(ContextCancelled.class.getName(),
                "task " + function + " (cid " + cid + ") was cancelled by " + who, "", self, java.util.List.of(),
                by == null ? self : by);
    }
}
