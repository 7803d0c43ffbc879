package dev.tractor.embed;

/** Supplies the functions an actor exposes beyond its configured modules (a framework's beans, say). */
@FunctionalInterface
public interface FunctionSource {

    /** A source that adds nothing. */
    FunctionSource NONE = table -> { };

    /** Registers this source's functions in {@code table}; called once per actor, while it opens. */
    void exposeTo(FunctionTable table);
}
