package dev.tractor.spawn;

/**
 * How a child actor JVM treats terminal signals. A terminal's Ctrl-C sends SIGINT to every process of the
 * foreground group — the root and its children alike. A child that exited on it would race its parent's orderly
 * cancel and be reported as crashed (exit code 130); so children ignore SIGINT and leave the ending to their
 * parent, whose own SIGINT handling (the JVM's shutdown hook) cancels the tree. SIGTERM still ends a child, and a
 * child whose parent is gone cancels itself.
 */
public final class ChildSignals {

    private ChildSignals() {
    }

    /** Makes this JVM ignore SIGINT; does nothing where that cannot be done. */
    public static void ignoreInterrupt() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object interrupt = signal.getConstructor(String.class).newInstance("INT");
            signal.getMethod("handle", signal, handler).invoke(null, interrupt, handler.getField("SIG_IGN").get(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError ignored) {
            // no such signal or no sun.misc here: the default handling stays
        }
    }
}
