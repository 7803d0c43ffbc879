package dev.tractor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** Runs the workloads over one transport, each on Tractor and on the raw baseline, and reports the figures. */
final class Suite {

    private static final Duration WORKLOAD_LIMIT = Duration.ofSeconds(240);
    private static final int ECHO_IN_FLIGHT = 64;
    private static final int FAN_IN_THREADS = 1000;
    private static final int CONTEXTS = 10_000;
    private static final int OPENERS = 50;
    private static final double CONTEXT_HEAP_LIMIT = 16 * 1024;

    private final BenchOptions options;
    private final String transport;
    private final Target tractor;
    private final Target raw;
    private final Report report;
    private double sequentialP50 = Double.NaN;

    Suite(BenchOptions options, String transport, Target tractor, Target raw, Report report) {
        this.options = options;
        this.transport = transport;
        this.tractor = tractor;
        this.raw = raw;
        this.report = report;
    }

    void run() {
        bounded("warm-up", this::warmUp);
        for (String w : BenchOptions.PER_TRANSPORT) {
            if (options.runs(w)) {
                bounded(w, switch (w) {
                    case "rtt" -> this::rtt;
                    case "stream" -> this::stream;
                    case "echo" -> this::echo;
                    case "fanin" -> this::fanIn;
                    case "contexts" -> this::contexts;
                    case "payload" -> this::payload;
                    default -> throw new IllegalArgumentException(w);
                });
            }
        }
    }

    /** Runs one workload on its own thread, giving up on it (and interrupting it) after a time limit. */
    private void bounded(String workload, Runnable body) {
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().name("bench-" + workload).start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        try {
            if (!t.join(WORKLOAD_LIMIT)) {
                t.interrupt();
                t.join(Duration.ofSeconds(10));
                failure[0] = new IllegalStateException("did not finish within " + WORKLOAD_LIMIT);
            }
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            failure[0] = e;
        }
        if (failure[0] != null) {
            report.failed(transport, workload, failure[0]);
        }
    }

    /**
     * Runs the hot paths of every workload on both sides before anything is measured: the child JVMs are new,
     * and on a small machine the JIT needs several seconds to compile the busiest code.
     */
    private void warmUp() {
        for (Target t : new Target[] {raw, tractor}) {
            t.stream(Payloads.Item.INT, options.seconds(3));
            t.echo(ECHO_IN_FLIGHT, options.seconds(2));
            Measure.sequential(t, options.seconds(2), x -> x.inc(1));
            FanIn.run(t, 100, 10);
        }
    }

    private void rtt() {
        Consumer<Target> inc = t -> Measure.require(t.inc(41) == 42, "inc(41)");
        Pair<Latencies> l = latencies(inc, 6, 4, 0.75);
        sequentialP50 = l.tractor().percentileMicros(50);
        latencyFigures("rtt (int)", l, Check.ratioAtMost(1.5), Check.ratioAtMost(1.5));
        Pair<Double> cpu = Pair.alternate(tractor, raw, 2, t -> CpuCost.perCall(t, options.seconds(1.5), inc),
                (a, b) -> (a + b) / 2);
        add("rtt (int)", "CPU µs per call, both processes", cpu.tractor(), cpu.raw(), Check.ratioAtMost(1.5));
    }

    private void stream() {
        // the target is against the batched raw stream; the per-item row shows what the batching is worth
        throughputFigure("stream (int)", "items/s", (t, d) -> t.stream(Payloads.Item.INT, d), 1, 1, 5, Check.none());
        throughputFigure("stream (int), raw batched", "items/s", (t, d) -> t.streamBatched(Payloads.Item.INT, d), 1, 1, 5,
                Check.ratioAtLeast(0.5));
    }

    private void echo() {
        throughputFigure("echo (" + ECHO_IN_FLIGHT + " in flight)", "round trips/s", (t, d) -> t.echo(ECHO_IN_FLIGHT, d),
                1, 1, 5, Check.ratioAtLeast(1.0));
    }

    private void fanIn() {
        int threads = options.count(FAN_IN_THREADS, 100);
        FanIn.run(raw, threads, options.count(5, 2));
        FanIn.run(tractor, threads, options.count(5, 2));
        int calls = options.count(20, 4);
        Pair<FanIn> p = Pair.alternate(tractor, raw, 2, t -> FanIn.run(t, threads, calls), FanIn::plus);
        String w = "fan-in (" + threads + " threads)";
        add(w, "calls/s", p.tractor().calls().perSecond(), p.raw().calls().perSecond(), Check.none());
        Check p99 = Double.isNaN(sequentialP50) ? Check.none() : Check.valueAtMost(10 * sequentialP50);
        add(w, "p99 µs (target: 10× rtt p50)", p.tractor().latencies().percentileMicros(99),
                p.raw().latencies().percentileMicros(99), p99);
        add(w, "p99 µs, against raw's", p.tractor().latencies().percentileMicros(99),
                p.raw().latencies().percentileMicros(99), Check.ratioAtMost(2));
        add(w, "errors", p.tractor().errors(), p.raw().errors(), Check.valueAtMost(0));
        add(w, "heap allocated per call, caller, bytes", p.tractor().allocatedPerCall(), p.raw().allocatedPerCall(),
                Check.none());
    }

    private void contexts() {
        int n = options.count(CONTEXTS, 500);
        Contexts.run(raw, n / 20, OPENERS);
        Contexts.run(tractor, n / 20, OPENERS);
        Contexts r = Contexts.run(raw, n, OPENERS);
        Contexts t = Contexts.run(tractor, n, OPENERS);
        String w = "contexts (" + n + " idle)";
        add(w, "open all, ms", t.openMillis(), r.openMillis(), Check.none());
        add(w, "heap per open context, callee, bytes", t.calleeBytes(), r.calleeBytes(), Check.valueAtMost(CONTEXT_HEAP_LIMIT));
        add(w, "heap per open context, caller, bytes", t.callerBytes(), r.callerBytes(), Check.valueAtMost(CONTEXT_HEAP_LIMIT));
        add(w, "close all, ms", t.closeMillis(), r.closeMillis(), Check.none());
        add(w, "open in callee (of " + n + ")", t.openInCallee(), r.openInCallee(), Check.none());
        add(w, "errors + left open after close", t.errors() + t.leftOpen(), r.errors() + r.leftOpen(), Check.valueAtMost(0));
    }

    private void payload() {
        Rec rec = Payloads.record();
        byte[] blob = Payloads.blob();
        latencyFigures("rtt (1 KiB record)", latencies(t -> Measure.require(t.rec(rec).equals(rec), "rec"), 1, 2, 0.75),
                Check.none(), Check.none());
        latencyFigures("rtt (64 KiB bytes)", latencies(
                t -> Measure.require(Arrays.equals(t.bytes(blob), blob), "bytes"), 1, 2, 0.75),
                Check.ratioAtMost(1.3), Check.none());
        throughputFigure("stream (1 KiB record)", "items/s", (t, d) -> t.stream(Payloads.Item.REC, d), 0.5, 0.6, 3,
                Check.none());
        throughputFigure("stream (64 KiB bytes)", "items/s", (t, d) -> t.stream(Payloads.Item.BLOB, d), 0.5, 0.6, 3,
                Check.none());
    }

    /** Warms both sides up, then measures sequential calls in alternating rounds. */
    private Pair<Latencies> latencies(Consumer<Target> op, double warmSeconds, int rounds, double roundSeconds) {
        Measure.sequential(raw, options.seconds(warmSeconds), op);
        Measure.sequential(tractor, options.seconds(warmSeconds), op);
        return Pair.alternate(tractor, raw, rounds, t -> Measure.sequential(t, options.seconds(roundSeconds), op),
                Measure::merge);
    }

    private void latencyFigures(String workload, Pair<Latencies> l, Check p50, Check p99) {
        add(workload, "p50 µs", l.tractor().percentileMicros(50), l.raw().percentileMicros(50), p50);
        add(workload, "p99 µs", l.tractor().percentileMicros(99), l.raw().percentileMicros(99), p99);
    }

    /**
     * One warm-up run per side, then {@code rounds} alternating runs of {@code seconds} each; each side's figure is
     * its median round, so one round that the shared machine disturbed does not decide the result.
     */
    private void throughputFigure(String workload, String unit, BiFunction<Target, Duration, Throughput> run,
                                  double warmSeconds, double seconds, int rounds, Check check) {
        run.apply(raw, options.seconds(warmSeconds));
        run.apply(tractor, options.seconds(warmSeconds));
        Pair<List<Throughput>> p = Pair.alternate(tractor, raw, rounds, t -> List.of(run.apply(t, options.seconds(seconds))),
                Suite::concat);
        add(workload, unit, Throughput.median(p.tractor()), Throughput.median(p.raw()), check);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void add(String workload, String metric, double tractorValue, double rawValue, Check check) {
        report.add(new Figure(transport, workload, metric, tractorValue, rawValue, check));
    }
}
