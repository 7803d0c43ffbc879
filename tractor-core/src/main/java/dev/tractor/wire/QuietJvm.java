package dev.tractor.wire;

/**
 * Keeps a JVM started without the JDK 24+ opt-ins from printing warnings for what the runtime's libraries do: with
 * no {@code --sun-misc-unsafe-memory-access=allow}, msgpack is told to use its portable buffers instead of
 * {@code sun.misc.Unsafe} (a little slower, and silent). Child JVMs are started with the opt-ins, so they keep the
 * fast path; so does any JVM whose command line has them. Must run before msgpack's buffers are first used.
 */
public final class QuietJvm {

    static {
        if (Runtime.version().feature() >= 24
                && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"))
                && System.getProperty("msgpack.universal-buffer") == null) {
            System.setProperty("msgpack.universal-buffer", "true");
        }
    }

    private QuietJvm() {
    }

    /** Applies the settings above (once; later calls do nothing). */
    public static void apply() {
        // the static initializer did the work
    }
}
