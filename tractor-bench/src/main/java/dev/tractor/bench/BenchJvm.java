package dev.tractor.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of the benchmark's child processes. The Tractor child and the raw baseline's child get the
 * same options, and scripts/bench.sh starts the harness itself with them too, so the two sides of each
 * comparison differ only in their code.
 */
public final class BenchJvm {

    /**
     * Full JIT (C1 and C2), serial GC (exact heap figures after {@code System.gc()}), and whatever the system
     * property {@code bench.child.jvmArgs} adds (space-separated, e.g. a flight recording for profiling).
     */
    public static final List<String> OPTIONS = options();

    /** What the system property {@code bench.child.jvmArgs} adds to every child JVM's options (empty if unset). */
    public static final List<String> EXTRA = extra();

    private BenchJvm() {
    }

    private static List<String> options() {
        List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmx1g"));
        options.addAll(extra());
        return List.copyOf(options);
    }

    private static List<String> extra() {
        String extra = System.getProperty("bench.child.jvmArgs", "").trim();
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    /** The command line that runs {@code mainClass} with {@code args} in a child JVM like Tractor's children. */
    public static List<String> command(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(OPTIONS);
        cmd.addAll(nativeAccessOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** The {@code java} binary of this process, as Tractor's spawn backend finds it for its children. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> new File(c).canExecute())
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    /** The options a JDK 24 or newer needs for Netty and msgpack without warnings, as Tractor adds them. */
    public static List<String> nativeAccessOptions() {
        return Runtime.version().feature() >= 24
                ? List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
                : List.of();
    }
}
