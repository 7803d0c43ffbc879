package dev.tractor;

import java.util.OptionalInt;

/**
 * The peer's process or connection went away while a call was waiting on it. Names the actor and,
 * for a child of this process, its exit code.
 */
public class ActorDied extends TractorException {

    private final ActorUid actor;
    private final Integer exitCode;

    public ActorDied(String message, ActorUid actor, Integer exitCode) {
        super(message);
        this.actor = actor;
        this.exitCode = exitCode;
    }

    /** The actor that went away. */
    public ActorUid actor() {
        return actor;
    }

    /** The child process's exit code, when it is a child of this process and has exited. */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
}
