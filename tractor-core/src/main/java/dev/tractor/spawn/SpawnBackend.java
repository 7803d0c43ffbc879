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
}
