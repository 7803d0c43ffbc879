package dev.tractor.testing;

import dev.tractor.Portal;
import java.util.List;
import java.util.Map;

/** Reads the tasks running in another actor from its {@code self.status}. */
public final class RemoteTasks {

    private RemoteTasks() {
    }

    /** The functions ({@code ns.fn}) of the tasks running in {@code actor}, other than the status call itself. */
    public static List<String> running(Portal actor) {
        @SuppressWarnings("unchecked")
        Map<String, Object> status = actor.run("self", "status", Map.of(), Map.class);
        return ((List<?>) status.get("tasks")).stream()
                .map(t -> String.valueOf(((Map<?, ?>) t).get("function")))
                .filter(f -> !f.equals("self.status") && !f.equals("self.cancelTask"))
                .toList();
    }
}
