package dev.tractor.spawn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child started as a process of this machine: its output copied to this process's stdout/stderr with each line prefixed
 * by the actor's name, the last lines of its output kept for error messages (stderr, and stdout too,
 * where the JVM itself reports start-up failures), and a forceful kill of it and its descendants.
 */
public final class LocalChildProcess implements ChildProcess {

    private static final int TAIL_LINES = 40;

    private volatile String name;
    private final Process process;
    private final Deque<String> outputTail = new ArrayDeque<>();
    private final CompletableFuture<Void> outputDone;

    public LocalChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        CompletableFuture<Void> out = pump(process.getInputStream(), System.out);
        CompletableFuture<Void> err = pump(process.getErrorStream(), System.err);
        this.outputDone = CompletableFuture.allOf(out, err);
    }

    /** A pooled child took on an identity: its output is prefixed with its new name from now on. */
    void rename(String newName) {
        this.name = newName;
    }

    /** The child's stdin, over which a pooled child is claimed. */
    java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * Closes the child's stdin: the child sees its parent let go. A child that was asked to exit and answered gets
     * this so that nothing in it is left blocked reading stdin, which would delay its JVM's exit.
     */
    @Override
    public void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (java.io.IOException ignored) {
            // the child is gone already
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public CompletableFuture<?> onExit() {
        return process.onExit();
    }

    /** The exit code, waiting at most {@code millis} for the exit; null if it is still running. */
    @Override
    public Integer exitCode(long millis) {
        try {
            if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Waits at most {@code millis} for the process to exit; true if it has. */
    @Override
    public boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** Kills the process and its descendants (SIGKILL) and waits, bounded, for the exit. */
    @Override
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines the child wrote, waiting briefly for its output to drain once it has exited. */
    @Override
    public String outputTail() {
        if (!process.isAlive()) {
            try {
                outputDone.get(500, TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // partial output is still worth showing
            }
        }
        synchronized (outputTail) {
            return String.join("\n", outputTail);
        }
    }

    private CompletableFuture<Void> pump(InputStream in, PrintStream to) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // a platform thread: a pipe read blocks its carrier, and enough of them would starve virtual threads
        Thread.ofPlatform().daemon().name("tractor-output-" + process.pid()).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    to.println("[" + name + "] " + line);
                    synchronized (outputTail) {
                        if (outputTail.size() == TAIL_LINES) {
                            outputTail.removeFirst();
                        }
                        outputTail.addLast(line);
                    }
                }
            } catch (IOException ignored) {
                // the pipe closed: the child is gone
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    @Override
    public String toString() {
        return "LocalChildProcess[" + name + " pid " + process.pid() + "]";
    }
}
