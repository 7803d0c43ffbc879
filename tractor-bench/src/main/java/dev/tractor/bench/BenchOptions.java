package dev.tractor.bench;

import dev.tractor.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What to run and for how long. Arguments: {@code --quick} (a short smoke run), {@code --transports=tcp,uds},
 * {@code --only=rtt,stream,echo,fanin,contexts,payload,spawn} (by default all but {@code spawn}), {@code --out=FILE}
 * (where the table is written).
 *
 * @param transports which transports to run
 * @param workloads  which workloads to run
 * @param scale      multiplies every duration and count (1 for the full run)
 * @param out        the file the results table is written to
 */
public record BenchOptions(List<Transport> transports, Set<String> workloads, double scale, Path out) {

    /** The workloads run over each transport, Tractor beside the raw baseline, in the order they run. */
    public static final List<String> PER_TRANSPORT = List.of("rtt", "stream", "echo", "fanin", "contexts", "payload");

    /**
     * Every workload: those per transport, then {@code spawn} (child start and stop, over the first transport), which
     * takes about 2 minutes of its own and runs only when {@code --only} names it.
     */
    public static final List<String> ALL = List.of("rtt", "stream", "echo", "fanin", "contexts", "payload", "spawn");

    public static BenchOptions parse(String[] args) {
        List<Transport> transports = List.of(Transport.TCP, Transport.UDS);
        Set<String> workloads = new LinkedHashSet<>(PER_TRANSPORT);
        double scale = 1;
        Path out = Path.of("tractor-bench", "target", "bench-results.md");
        for (String arg : args) {
            if (arg.equals("--quick")) {
                scale = 0.2;
            } else if (arg.startsWith("--transports=")) {
                List<Transport> chosen = new ArrayList<>();
                for (String t : value(arg).split(",")) {
                    chosen.add(Transport.valueOf(t.trim().toUpperCase(Locale.ROOT)));
                }
                transports = List.copyOf(chosen);
            } else if (arg.startsWith("--only=")) {
                workloads = new LinkedHashSet<>();
                for (String w : value(arg).split(",")) {
                    if (!ALL.contains(w.trim())) {
                        throw new IllegalArgumentException("unknown workload '" + w + "'; known: " + ALL);
                    }
                    workloads.add(w.trim());
                }
            } else if (arg.startsWith("--out=")) {
                out = Path.of(value(arg));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg
                        + "'; use --quick, --transports=tcp,uds, --only=" + String.join(",", ALL) + ", --out=FILE");
            }
        }
        return new BenchOptions(transports, workloads, scale, out);
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    /** {@code seconds}, scaled. */
    public Duration seconds(double seconds) {
        return Duration.ofMillis(Math.max(50, (long) (seconds * scale * 1000)));
    }

    /** {@code n}, scaled, at least {@code min}. */
    public int count(int n, int min) {
        return Math.max(min, (int) (n * scale));
    }

    public boolean runs(String workload) {
        return workloads.contains(workload);
    }

    /** Whether any workload that runs over each transport is selected. */
    public boolean runsPerTransport() {
        return PER_TRANSPORT.stream().anyMatch(workloads::contains);
    }
}
