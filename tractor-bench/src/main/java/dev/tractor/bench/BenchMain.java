package dev.tractor.bench;

import dev.tractor.Transport;
import dev.tractor.bench.raw.RawTarget;
import dev.tractor.bench.spawn.SpawnTable;
import dev.tractor.bench.spawn.SpawnWorkload;
import dev.tractor.bench.tractor.TractorTarget;
import dev.tractor.wire.ValueCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the benchmark suite: for each transport, a Tractor root with one child actor and a raw Netty baseline
 * with one child process, then every workload on both, and prints each figure with its ratio tractor/raw; then the
 * spawn workload (starting and stopping child actors), which has no raw baseline but the JVM floor.
 * Exit code 0 when every workload ran (targets missed or met), 1 when one failed.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        BenchOptions options = BenchOptions.parse(args);
        printEnvironment(options);
        Report report = new Report();
        boolean ranAll = true;
        for (Transport transport : options.runsPerTransport() ? options.transports() : List.<Transport>of()) {
            String name = transport.wireName();
            System.out.println("== " + name);
            try (RawTarget raw = RawTarget.start(transport); TractorTarget tractor = TractorTarget.start(transport)) {
                new Suite(options, name, tractor, raw, report).run();
            } catch (RuntimeException e) {
                report.failed(name, "set-up", e);
                ranAll = false;
            }
        }
        if (options.runs("spawn")) {
            Transport transport = options.transports().getFirst();
            System.out.println("== spawn (" + transport.wireName() + "), load average " + loadAverage());
            SpawnTable table = new SpawnTable();
            try {
                List<String> failures = new SpawnWorkload(options, transport, table).run();
                failures.forEach(report::failed);
                ranAll &= failures.isEmpty();
            } catch (RuntimeException e) {
                report.failed(transport.wireName(), "spawn", e);
                ranAll = false;
            }
            if (!table.rows().isEmpty()) {
                report.addSection("Spawning (" + transport.wireName() + ")", table.markdown());
            }
        }
        System.out.println();
        System.out.println("load average at the end: " + loadAverage());
        report.print(System.out);
        report.write(options.out());
        System.out.println("\n(table written to " + options.out() + ")");
        boolean failed = !ranAll || report.isEmpty();
        System.exit(failed ? 1 : 0);
    }

    private static void printEnvironment(BenchOptions options) {
        Runtime rt = Runtime.getRuntime();
        System.out.println("tractor-bench " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                + (options.scale() < 1 ? " (quick)" : ""));
        System.out.println("JDK " + System.getProperty("java.vm.vendor") + " " + Runtime.version() + ", "
                + rt.availableProcessors() + " CPUs, " + (rt.maxMemory() >> 20) + " MiB max heap, child JVM options "
                + String.join(" ", BenchJvm.OPTIONS));
        System.out.println("load average at the start: " + loadAverage());
        System.out.println("same msgpack payload bytes in Tractor and the raw baseline: int "
                + samePayload(41) + ", record " + samePayload(Payloads.record()) + ", bytes " + samePayload(Payloads.blob())
                + " (record: " + RawTarget.payloadBytes(Payloads.record()).length + " bytes)");
    }

    /** The 1, 5 and 15 minute load averages, where the system tells them. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.format(java.util.Locale.ROOT, "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String samePayload(Object value) {
        try {
            return Arrays.equals(ValueCodec.toBytes(value), RawTarget.payloadBytes(value)) ? "yes" : "NO";
        } catch (RuntimeException e) {
            return "NO (" + e + ")";
        }
    }
}
