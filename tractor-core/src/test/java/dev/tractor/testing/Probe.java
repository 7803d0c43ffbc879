package dev.tractor.testing;

import dev.tractor.ActorFunction;
import java.util.concurrent.atomic.AtomicInteger;

/** Records that it ran, so tests can prove a call was (or was not) executed. */
public class Probe {

    public static final AtomicInteger TOUCHED = new AtomicInteger();

    @ActorFunction
    public int touch() {
        return TOUCHED.incrementAndGet();
    }
}
