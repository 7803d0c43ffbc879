package dev.tractor.spring;

import dev.tractor.ActorNursery;

/**
 * Opens nurseries of child actors on the application's {@link dev.tractor.ActorRuntime}. Each child
 * started in such a nursery is a child JVM that boots the same Spring Boot application (without a web
 * server), so it has the same beans and {@link dev.tractor.ActorFunction}s.
 *
 * <pre>{@code
 * try (ActorNursery nursery = nurseries.open()) {
 *     Portal worker = nursery.startActor("worker");
 *     int y = worker.run("calc", "square", Map.of("x", 7), Integer.class);
 * }   // waits for every child; no child process is left
 * }</pre>
 *
 * A nursery must be closed by whoever opened it; nurseries still open when the runtime closes are
 * cancelled with it.
 */
@FunctionalInterface
public interface ActorNurseryFactory {

    /** Opens a new nursery; the caller must close it. */
    ActorNursery open();
}
