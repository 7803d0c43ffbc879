package dev.tractor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** Signals a process this test started, by its PID, as {@code kill -STOP} / {@code -CONT} / {@code -INT} do. */
public final class Signals {

    private Signals() {
    }

    /**
     * Freezes the process: it stays alive, its sockets stay open, and it answers nothing. Returns once every thread
     * of the process has stopped (a signal is delivered asynchronously: a thread that was running could otherwise
     * still answer a request sent after {@code kill} returned).
     */
    public static void stop(long pid) {
        send("-STOP", pid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!allThreadsStopped(pid)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("process " + pid + " did not stop within 5 s of kill -STOP");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Whether every thread of the process is in the stopped state ({@code T} in {@code /proc/PID/task/TID/stat}). */
    private static boolean allThreadsStopped(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.allMatch(t -> state(t.resolve("stat")) == 'T');
        } catch (IOException | UncheckedIOException e) {
            return false;   // a thread ended while being listed: look again
        }
    }

    private static char state(Path stat) {
        try {
            String line = Files.readString(stat);
            return line.charAt(line.lastIndexOf(')') + 2);   // the field after the parenthesised command name
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void resume(long pid) {
        send("-CONT", pid);
    }

    /** What a terminal's Ctrl-C sends to each process of its foreground group. */
    public static void interrupt(long pid) {
        send("-INT", pid);
    }

    private static void send(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill " + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running kill " + signal + " " + pid, e);
        }
    }
}
