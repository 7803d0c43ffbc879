package dev.tractor.embed;

/**
 * Where a {@link FunctionSource} registers the objects whose {@link dev.tractor.ActorFunction} methods an actor
 * exposes. Registration happens while the actor opens, before it serves any call.
 */
public interface FunctionTable {

    /**
     * Exposes the {@code @ActorFunction} methods declared on {@code type} under namespace {@code namespace},
     * invoked on {@code target} ({@code type} is the user class, also when {@code target} is a proxy of it).
     *
     * @throws dev.tractor.TractorException if a method cannot be exposed (a name defined twice, say), naming it
     */
    void register(String namespace, Object target, Class<?> type);
}
