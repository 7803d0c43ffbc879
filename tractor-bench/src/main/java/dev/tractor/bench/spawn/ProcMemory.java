package dev.tractor.bench.spawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory as Linux reports it, in MiB: resident set ({@code VmRSS} of {@code /proc/<pid>/status}), its
 * anonymous part ({@code RssAnon}: heap, metaspace, code cache, stacks — what is the process's own), and the
 * proportional set size ({@code Pss} of {@code smaps_rollup}: shared pages such as the JDK's libraries and class
 * data archive divided among the processes mapping them). NaN where the system does not tell.
 *
 * @param rssMiB  resident set size
 * @param anonMiB its anonymous part
 * @param pssMiB  proportional set size
 */
public record ProcMemory(double rssMiB, double anonMiB, double pssMiB) {

    /** Reads the memory of process {@code pid}. */
    public static ProcMemory of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String status = read(proc.resolve("status"));
        String rollup = read(proc.resolve("smaps_rollup"));
        return new ProcMemory(kib(status, "VmRSS:"), kib(status, "RssAnon:"), kib(rollup, "Pss:"));
    }

    /**
     * The CPU time process {@code pid} has used so far, user and system ({@code utime + stime} of
     * {@code /proc/<pid>/stat}, in clock ticks taken as 10 ms, the Linux default), in milliseconds; NaN if unknown.
     */
    public static double cpuMillis(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return Double.NaN;
        }
        // after "pid (comm)": field 3 (state) is index 0, so utime (field 14) is 11 and stime (15) is 12
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The value of the line starting with {@code key} ("1234 kB"), in MiB. */
    private static double kib(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
