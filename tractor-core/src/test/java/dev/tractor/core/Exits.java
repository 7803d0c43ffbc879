package dev.tractor.core;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.observe.RuntimeListener;
import dev.tractor.runtime.Actor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records how each child of a runtime exited: its exit code and whether it was cancelled. */
final class Exits implements RuntimeListener {

    /** One child's exit. */
    record Exit(Integer exitCode, boolean cancelled) {
    }

    private final Map<String, Exit> byName = new ConcurrentHashMap<>();

    /** Starts recording the exits of {@code rt}'s children. */
    static Exits of(ActorRuntime rt) {
        Exits exits = new Exits();
        ((Actor) rt).addListener(exits);
        return exits;
    }

    @Override
    public void actorExited(ActorUid child, Integer exitCode, boolean cancelled) {
        byName.put(child.name(), new Exit(exitCode, cancelled));
    }

    /** The exit of the child called {@code name}, or null if it has not been seen to exit. */
    Exit of(String name) {
        return byName.get(name);
    }

    /** Every recorded exit by child name. */
    Map<String, Exit> all() {
        return Map.copyOf(byName);
    }
}
