package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Tractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Functions for supervision tests, whose state outlives an actor's incarnation in files the test names. A process
 * started with {@code -Dflaky.poison=FILE} exits with code 3 while loading this module when FILE exists, so it never
 * comes up.
 */
@ActorNamespace("flaky")
public class Flaky {

    public Flaky() {
        String poison = System.getProperty("flaky.poison");
        if (poison != null && Files.exists(Path.of(poison))) {
            System.err.println("poisoned: " + poison);
            System.exit(3);
        }
    }

    @ActorFunction
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @ActorFunction
    public String uuid() {
        return Tractor.current().uid().uuid();
    }

    /** Counts one more attempt in {@code counter}; fails while the count is at most {@code failures}. */
    @ActorFunction
    public int attempt(String counter, int failures) {
        int n = bump(Path.of(counter));
        if (n <= failures) {
            throw new IllegalStateException("attempt " + n + " of " + Tractor.current().uid().name() + " failed");
        }
        return n;
    }

    /** Exits this process with {@code code} shortly after answering. */
    @ActorFunction
    public String exitSoon(int code) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // exit anyway
            }
            System.exit(code);
        });
        return "bye";
    }

    private static synchronized int bump(Path counter) {
        try {
            int n = Files.exists(counter) ? Integer.parseInt(Files.readString(counter).trim()) + 1 : 1;
            Files.writeString(counter, Integer.toString(n), StandardCharsets.UTF_8);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code x * x} after {@code sleepMs}, with the name of the actor that computed it. */
    @ActorFunction
    public Map<String, Object> square(int x, long sleepMs) throws InterruptedException {
        Thread.sleep(sleepMs);
        return Map.of("by", Tractor.current().uid().name(), "value", x * x);
    }

    /** Fails for odd {@code x}, returns {@code x} otherwise. */
    @ActorFunction
    public int evenOnly(int x) {
        if (x % 2 != 0) {
            throw new IllegalArgumentException(x + " is odd");
        }
        return x;
    }

    /** The uuid of the service {@code name} as this actor reaches it (get-or-create). */
    @ActorFunction
    public String serviceUuid(String name) {
        return Tractor.current().service(name).run("flaky", "uuid", Map.of(), String.class);
    }

    /** The services this actor runs itself. */
    @ActorFunction
    public java.util.Set<String> servicesHere() {
        return Tractor.current().services();
    }
}
