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

    private BenchJvm() {
    }

    private static List<String> options() {
        List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmx1g"));
        String extra = System.getProperty("bench.child.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return List.copyOf(options);
    }

    /** The command line that runs {@code mainClass} with {@code args} in a child JVM like Tractor's children. */
    public static List<String> command(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .filter(c -> new File(c).canExecute())
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(OPTIONS);
        if (Runtime.version().feature() >= 24) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
