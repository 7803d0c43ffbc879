package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Tractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
