package dev.tractor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in another actor an error happened: the cause of the {@link RemoteActorError} that reports it, carrying the
 * remote exception's frames (read from its traceback text), so that a printed stack trace or a log line shows them
 * below the local ones — "Caused by: in actor worker[…]: java.lang.IllegalStateException: …" then the remote
 * {@code at} lines. The remote exception's own causes follow as further {@code RemoteTraceback}s. Immutable.
 */
public final class RemoteTraceback extends RuntimeException {

    private static final Pattern FRAME = Pattern.compile("^\\s*at (?:[^/(\\s]+/)?([^(\\s]+)\\.([^.(\\s]+)\\((.*)\\)\\s*$");

    private RemoteTraceback(String description, StackTraceElement[] frames, RemoteTraceback cause) {
        super(description, cause, false, true);
        setStackTrace(frames);
    }

    /**
     * The traceback of an error raised in {@code source}: one {@code RemoteTraceback} per exception the text shows
     * (its {@code Caused by:} sections become causes); null if there is no text.
     */
    static RemoteTraceback of(ActorUid source, String remoteType, String remoteMessage, String traceback) {
        if (traceback == null || traceback.isBlank()) {
            return null;
        }
        List<String> headers = new ArrayList<>();
        List<List<StackTraceElement>> frames = new ArrayList<>();
        boolean skipping = false;
        for (String line : traceback.split("\\R")) {
            if (headers.isEmpty() || line.startsWith("Caused by: ")) {
                headers.add(line.startsWith("Caused by: ") ? line.substring("Caused by: ".length()) : line);
                frames.add(new ArrayList<>());
                skipping = false;
                continue;
            }
            if (line.startsWith("\tSuppressed: ")) {
                skipping = true;   // a suppressed exception's block: its lines are indented further
                continue;
            }
            if (skipping && line.startsWith("\t\t")) {
                continue;
            }
            skipping = false;
            Matcher m = FRAME.matcher(line);
            if (m.matches()) {
                frames.getLast().add(frame(m.group(1), m.group(2), m.group(3)));
            }
        }
        if (headers.getFirst().isBlank()) {
            headers.set(0, remoteMessage == null ? remoteType : remoteType + ": " + remoteMessage);
        }
        RemoteTraceback cause = null;
        for (int i = headers.size() - 1; i >= 0; i--) {
            String where = i == 0 ? "in actor " + source + ": " : "";
            cause = new RemoteTraceback(where + headers.get(i), frames.get(i).toArray(StackTraceElement[]::new), cause);
        }
        return cause;
    }

    private static StackTraceElement frame(String declaringClass, String method, String location) {
        if (location.equals("Native Method")) {
            return new StackTraceElement(declaringClass, method, null, -2);
        }
        int colon = location.lastIndexOf(':');
        if (colon > 0) {
            try {
                return new StackTraceElement(declaringClass, method, location.substring(0, colon),
                        Integer.parseInt(location.substring(colon + 1)));
            } catch (NumberFormatException ignored) {
                // not a line number: keep the whole location as the file
            }
        }
        return new StackTraceElement(declaringClass, method, location.equals("Unknown Source") ? null : location, -1);
    }

    /** The remote exception as it was described, without this class's name. */
    @Override
    public String toString() {
        return getMessage();
    }
}
