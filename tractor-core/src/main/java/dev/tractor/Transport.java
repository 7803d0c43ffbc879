package dev.tractor;

/** The kind of socket actors listen and dial on. */
public enum Transport {
    /** TCP, on loopback unless a bind host says otherwise. */
    TCP,
    /** Unix domain sockets, for actors on one host. */
    UDS;

    /** The name used in {@link Address#transport()}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code tcp} or {@code uds}: as the documentation and the {@code tractor.transport} property spell it. */
    @Override
    public String toString() {
        return wireName();
    }
}
