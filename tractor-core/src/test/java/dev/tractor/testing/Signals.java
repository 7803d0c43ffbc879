package dev.tractor.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Signals a process this test started, by its PID, as {@code kill -STOP} / {@code -CONT} / {@code -INT} do. */
public final class Signals {

    private Signals() {
    }

    /** Freezes the process: it stays alive, its sockets stay open, and it answers nothing. */
    public static void stop(long pid) {
        send("-STOP", pid);
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
