package dev.tractor.spawn;

/**
 * Starts child actor processes. The started child must connect back to the parent's address and
 * complete the handshake with the identity it was given; the backend only starts it. Implementations
 * must be thread-safe.
 */
public interface SpawnBackend {

    /** Starts the child; returns at once, without waiting for it to connect back. */
    ChildProcess spawn(SpawnRequest request);

    /**
     * Whether children started here set up TLS by themselves (a Spring child resolves the same SSL bundle), so a
     * parent whose TLS cannot be inherited ({@link dev.tractor.TlsConfig#inheritable()}) may still spawn them.
     */
    default boolean childrenConfigureTls() {
        return false;
    }

    /**
     * Whether children started here customise their value mapper by themselves (a Spring child applies its own
     * context's {@link dev.tractor.ValueMapperCustomizer} beans), so the parent's customizers are not passed on.
     */
    default boolean childrenConfigureValueMappers() {
        return false;
    }

    /**
     * Keeps {@code size} children started ahead of need for spawns like {@code template}, if this backend can do so
     * by itself (a backend whose children cannot be pooled by the runtime's own {@link WarmPool}); returns whether it
     * does. Called once, when a root whose configuration asks for a warm pool has opened; must not block for long.
     */
    default boolean startAhead(SpawnRequest template, int size) {
        return false;
    }

    /**
     * A child this backend started has connected back: a backend that keeps children ahead refills now, so that
     * starting a new one does not compete with that child's start. Called for every child once it is up.
     */
    default void childStarted() {
    }

    /** Stops keeping children ahead and ends those not claimed yet; called when the actor closes. Idempotent. */
    default void stopAhead() {
    }
}
