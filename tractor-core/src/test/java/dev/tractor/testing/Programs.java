package dev.tractor.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts test main classes as separate JVMs (independent programs) and reads their output. */
public final class Programs {

    private Programs() {
    }

    /** A running program; {@link #close()} ends it (stdin closed, then killed if it lingers). */
    public static final class Program implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;

        private Program(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        public Process process() {
            return process;
        }

        /** The first line starting with {@code prefix}, within {@code seconds}; echoes every line read. */
        public String awaitLine(String prefix, int seconds) throws Exception {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    String l;
                    while ((l = out.readLine()) != null) {
                        System.out.println("[program] " + l);
                        if (l.startsWith(prefix)) {
                            return l;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    return null;
                }
            });
            String found = line.get(seconds, TimeUnit.SECONDS);
            if (found == null) {
                throw new AssertionError("program exited without printing " + prefix);
            }
            return found;
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts {@code mainClass} with this JVM's java and class path. */
    public static Program start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of(), mainClass, args);
    }

    /** Starts {@code mainClass} with this JVM's java and class path and the JVM options {@code jvmArgs}. */
    public static Program start(List<String> jvmArgs, Class<?> mainClass, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(jvmArgs, mainClass, args))
                .redirectError(ProcessBuilder.Redirect.INHERIT).directory(new File("."));
        return new Program(pb.start());
    }

    /** The command line that runs {@code mainClass} with this JVM's java and class path and {@code jvmArgs}. */
    public static List<String> command(List<String> jvmArgs, Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
