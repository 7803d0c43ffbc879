package dev.tractor.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A {@link TreeRootMain} JVM started by a test: the same {@code java} and class path as the test, its
 * stdout and stderr collected line by line, the PIDs of its tree once it has printed them.
 */
public final class RootProcess implements AutoCloseable {

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private long[] pids;

    private RootProcess(Process process) {
        this.process = process;
        collect(process.getInputStream(), out);
        collect(process.getErrorStream(), err);
    }

    /** Starts a tree root with the given cancel grace period. */
    public static RootProcess start(Duration grace) throws IOException {
        return start(grace, List.of());
    }

    /** Starts a tree root with the given cancel grace period and extra JVM options. */
    public static RootProcess start(Duration grace, List<String> jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (Runtime.version().feature() >= 24) {
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        // the test's registry setting (port 0 in the build: a private registrar, never another run's)
        cmd.add("-Dtractor.registry.port=" + System.getProperty("tractor.registry.port", "0"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TreeRootMain.class.getName(),
                Long.toString(grace.toMillis())));
        return new RootProcess(new ProcessBuilder(cmd).start());
    }

    /** Waits (bounded) for the {@code PIDS} line; returns root, child and grandchild PIDs. */
    public long[] awaitPids(Duration timeout) {
        if (pids == null) {
            Awaitility.await("the tree root to print its PIDs").atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> out.stream().anyMatch(l -> l.startsWith("PIDS ")) || !process.isAlive());
            String line = out.stream().filter(l -> l.startsWith("PIDS ")).findFirst()
                    .orElseThrow(() -> new AssertionError("the tree root exited without printing its PIDs; stdout "
                            + out + ", stderr " + err));
            String[] parts = line.split(" ");
            pids = new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])};
        }
        return pids;
    }

    public Process process() {
        return process;
    }

    /** Lines the root wrote on stdout so far. */
    public List<String> stdout() {
        return List.copyOf(out);
    }

    /** Lines the root wrote on stderr so far. */
    public List<String> stderr() {
        return List.copyOf(err);
    }

    /**
     * Whether the process with this PID still runs. An orphan that has exited stays a zombie until init
     * reaps it, which {@link ProcessHandle#isAlive()} counts as alive; here it counts as gone.
     */
    public static boolean alive(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.exists(stat)) {
            try {
                String text = Files.readString(stat);
                int end = text.lastIndexOf(')');
                return end > 0 && text.length() > end + 2 && text.charAt(end + 2) != 'Z';
            } catch (IOException e) {
                return false;   // it went away while being read
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Kills whatever is left of the tree, so a failing test does not leak processes into later ones. */
    @Override
    public void close() throws InterruptedException {
        if (pids != null) {
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static void collect(InputStream in, List<String> lines) {
        Thread.ofVirtual().name("root-process-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
    }
}
