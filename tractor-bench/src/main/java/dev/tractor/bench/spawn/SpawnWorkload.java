package dev.tractor.bench.spawn;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.Supervision;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import dev.tractor.bench.BenchJvm;
import dev.tractor.bench.BenchOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The spawn workload: what starting and stopping child actors costs. A root actor in this process (Tractor's
 * default child JVM options, plus {@code bench.child.jvmArgs}) starts cold core children one at a time — each
 * measured by {@link ColdSpawn} from {@code startActor} to the first reply and from {@code cancelActor} until its
 * process is gone, with its memory — then four at once from four threads against four one after another. Beside
 * them, the JVM floor: a plain {@code java} of an empty main with the same binary, options and class path. A Spring
 * root in a JVM of its own ({@link dev.tractor.bench.spawn.spring.SpringSpawnMain}, class path from the system
 * property {@code bench.spring.classpath}) measures Spring children the same way. Each root's first spawn is
 * reported apart: it also pays for the root's own cold spawning code.
 */
public final class SpawnWorkload {

    private static final String NS = "spawn";
    private static final Duration SPRING_LIMIT = Duration.ofSeconds(300);
    private static final int SEVERAL = 4;
    private static final int POOL = WarmPools.CORE_POOL;

    private final BenchOptions options;
    private final Transport transport;
    private final SpawnTable table;
    private final List<String> failures = new ArrayList<>();
    private final int reps;
    private final List<String> childJvmArgs;

    public SpawnWorkload(BenchOptions options, Transport transport, SpawnTable table) {
        this.options = options;
        this.transport = transport;
        this.table = table;
        this.reps = options.count(7, 5);
        List<String> jvmArgs = new ArrayList<>(TractorConfig.DEFAULT_CHILD_JVM_ARGS);
        jvmArgs.addAll(BenchJvm.EXTRA);
        this.childJvmArgs = List.copyOf(jvmArgs);
    }

    /** Runs every part; returns the parts that failed (each also printed). */
    public List<String> run() {
        System.out.println("  child JVM options: " + String.join(" ", childJvmArgs) + "; " + reps + " repetitions");
        TractorConfig config = TractorConfig.builder().name("spawn-bench")
                .enableModules(SpawnFunctions.class)
                .registry("127.0.0.1", 0)
                .transport(transport)
                .cookie(HexFormat.of().formatHex(new SecureRandom().generateSeed(16)))
                .jvmArgs(childJvmArgs)
                .build();
        try (ActorRuntime root = Tractor.openRoot(config)) {
            part("core child", () -> cold(root));
            part("4 core children", () -> several(root));
            part("restart", () -> restarts(root, 1, "restart of a killed core child (one-for-one, no backoff)"));
        } catch (RuntimeException e) {
            fail("core root", e);
        }
        part("pooled core child", () -> pooled(config));
        part("pooled restart", () -> {
            try (ActorRuntime root = Tractor.openRoot(config.toBuilder().name("spawn-bench-restart")
                    .warmPoolSize(POOL).build())) {
                restarts(root, POOL + 1, "restart of a killed core child from a warm pool of " + POOL);
            }
        });
        // after the children: a class data archive they create at exit (an experiment's option) is then theirs
        part("JVM floor", this::floor);
        part("Spring child", this::spring);
        long left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
        table.add("spawn", "child processes left after the run", List.of((double) left));
        if (left > 0) {
            failures.add("spawn: " + left + " child process(es) left");
        }
        return List.copyOf(failures);
    }

    private void part(String name, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            fail(name, e);
        }
    }

    private void fail(String name, Throwable e) {
        String text = "spawn " + name + ": " + e;
        failures.add(text);
        System.out.println("  FAILED " + text);
    }

    /** A plain java of an empty main, with the children's binary, JVM options and class path; and without CDS. */
    private void floor() {
        String w = "JVM floor (empty main)";
        table.add(w, "java … EmptyMain, start → exit, ms", repeat(reps, i -> plainJava(List.of())));
        table.add(w, "the same with -Xshare:off, ms", repeat(reps, i -> plainJava(List.of("-Xshare:off"))));
    }

    private double plainJava(List<String> more) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BenchJvm.javaBinary());
        // as JvmSpawnBackend.command builds a child's command line
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(childJvmArgs);
        cmd.addAll(BenchJvm.nativeAccessOptions());
        cmd.addAll(more);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EmptyMain.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        try {
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("the empty main did not exit within 30 s");
            }
            long t1 = System.nanoTime();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the empty main exited with " + p.exitValue() + ": " + cmd);
            }
            return ColdSpawn.millis(t1 - t0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd.getFirst() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Cold core children one at a time, after one unmeasured spawn of this root. */
    private void cold(ActorRuntime root) {
        List<ColdSpawn> spawns = new ArrayList<>();
        ColdSpawn first;
        try (ActorNursery nursery = root.openNursery()) {
            first = ColdSpawn.measure(nursery, "spawn-first", NS);
            for (int i = 0; i < reps; i++) {
                spawns.add(ColdSpawn.measure(nursery, "spawn-" + i, NS));
            }
        }
        report("core child", first, spawns);
    }

    /**
     * Core children claimed from a warm pool of {@value #POOL}: the root waits until the pooled JVMs have warmed up
     * (their CPU time stops growing) before each spawn, so that each claim is measured against a ready pool.
     */
    private void pooled(TractorConfig coldConfig) {
        TractorConfig config = coldConfig.toBuilder().name("spawn-bench-pooled").warmPoolSize(POOL).build();
        List<ColdSpawn> spawns = new ArrayList<>();
        try (ActorRuntime root = Tractor.openRoot(config); ActorNursery nursery = root.openNursery()) {
            for (int i = 0; i < reps; i++) {
                WarmPools.awaitSettled(POOL);
                spawns.add(ColdSpawn.measure(nursery, "pooled-" + i, NS));
            }
        }
        reportPooled("pooled core child (warm pool of " + POOL + ")", spawns, true);
    }

    /**
     * The rows of pooled children; {@code breakdown}: whether the functions are created after the claim (a core
     * child's modules are; a Spring child's beans exist before it).
     */
    private void reportPooled(String w, List<ColdSpawn> spawns, boolean breakdown) {
        row(w, "**startActor → first reply, ms**", ColdSpawn.USABLE, spawns);
        row(w, "startActor → returned, ms", ColdSpawn.START_ACTOR, spawns);
        row(w, "returned → first reply, ms", ColdSpawn.FIRST_RUN, spawns);
        if (breakdown) {
            table.add(w, "of which: startActor → the claimed child's functions created, ms", spawns.stream()
                    .map(c -> c.figures().get(ColdSpawn.TO_JVM) + c.figures().get(ColdSpawn.JVM_TO_FUNCTIONS)).toList());
            row(w, "of which: functions created → startActor returned, ms", ColdSpawn.FUNCTIONS_TO_READY, spawns);
        }
        row(w, "**cancelActor → process gone, ms**", ColdSpawn.CANCEL_GONE, spawns);
        row(w, "**RSS after the first reply, MiB**", ColdSpawn.RSS, spawns);
    }

    /** The rows of one kind of child (core or Spring) from its spawns. */
    private void report(String kind, ColdSpawn first, List<ColdSpawn> spawns) {
        String w = "cold " + kind;
        table.add(w, "first spawn of the root (its spawning code cold too): startActor → first reply, ms",
                List.of(first.figures().get(ColdSpawn.USABLE)));
        row(w, "**startActor → first reply, ms**", ColdSpawn.USABLE, spawns);
        row(w, "startActor → returned, ms", ColdSpawn.START_ACTOR, spawns);
        row(w, "returned → first reply, ms", ColdSpawn.FIRST_RUN, spawns);
        row(w, "of which: startActor → child JVM created, ms", ColdSpawn.TO_JVM, spawns);
        row(w, "of which: JVM created → functions created, ms", ColdSpawn.JVM_TO_FUNCTIONS, spawns);
        row(w, "of which: functions created → startActor returned, ms", ColdSpawn.FUNCTIONS_TO_READY, spawns);
        row(w, "child's CPU time (user + system) until the first reply, ms", ColdSpawn.CPU, spawns);
        row(w, "**cancelActor → process gone, ms**", ColdSpawn.CANCEL_GONE, spawns);
        row(w, "cancelActor → returned, ms", ColdSpawn.CANCEL_RETURNED, spawns);
        row(w, "**RSS after the first reply, MiB**", ColdSpawn.RSS, spawns);
        row(w, "anonymous RSS (RssAnon), MiB", ColdSpawn.ANON, spawns);
        row(w, "proportional set size (Pss), MiB", ColdSpawn.PSS, spawns);
        row(w, "classes loaded (probed after the first reply)", ColdSpawn.CLASSES, spawns);
        long shared = spawns.stream().filter(ColdSpawn::sharing).count();
        System.out.println("  " + w + ": class data sharing on in " + shared + " of " + spawns.size() + " children");
    }

    private void row(String workload, String metric, String key, List<ColdSpawn> spawns) {
        table.add(workload, metric, spawns.stream().map(s -> s.figures().getOrDefault(key, Double.NaN)).toList());
    }

    /** Four children started from four threads at once against four one after another, alternating. */
    private void several(ActorRuntime root) {
        int rounds = options.count(5, 3);
        Map<String, List<Double>> m = new LinkedHashMap<>();
        for (String k : List.of("parallel", "parallelCancel", "sequential", "sequentialCancel")) {
            m.put(k, new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (boolean parallel : r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                String k = parallel ? "parallel" : "sequential";
                try (ActorNursery nursery = root.openNursery()) {
                    m.get(k).add(parallel ? parallel(nursery, r) : sequential(nursery, r));
                    long t0 = System.nanoTime();
                    nursery.cancel();
                    m.get(k + "Cancel").add(ColdSpawn.millis(System.nanoTime() - t0));
                }
            }
        }
        String w = SEVERAL + " core children";
        table.add(w, "**from " + SEVERAL + " threads at once: all usable, ms**", m.get("parallel"));
        table.add(w, "**one after another: all usable, ms**", m.get("sequential"));
        table.add(w, "nursery.cancel() of the " + SEVERAL + " started at once, ms", m.get("parallelCancel"));
        table.add(w, "nursery.cancel() of the " + SEVERAL + " started one after another, ms", m.get("sequentialCancel"));
    }

    private static double sequential(ActorNursery nursery, int round) {
        long t0 = System.nanoTime();
        for (int i = 0; i < SEVERAL; i++) {
            usable(nursery, "seq-" + round + "-" + i);
        }
        return ColdSpawn.millis(System.nanoTime() - t0);
    }

    private static double parallel(ActorNursery nursery, int round) {
        CountDownLatch go = new CountDownLatch(1);
        long[] done = new long[SEVERAL];
        Throwable[] failure = new Throwable[SEVERAL];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < SEVERAL; i++) {
            int n = i;
            threads.add(Thread.ofPlatform().name("spawn-par-" + i).start(() -> {
                try {
                    if (!go.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("not released");
                    }
                    usable(nursery, "par-" + round + "-" + n);
                    done[n] = System.nanoTime();
                } catch (Throwable e) {
                    failure[n] = e;
                }
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        long last = 0;
        try {
            for (int i = 0; i < SEVERAL; i++) {
                if (!threads.get(i).join(Duration.ofSeconds(90))) {
                    throw new IllegalStateException("spawning child " + i + " did not end within 90 s");
                }
                if (failure[i] != null) {
                    throw new IllegalStateException("child " + i + ": " + failure[i], failure[i]);
                }
                last = Math.max(last, done[i]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return ColdSpawn.millis(last - t0);
    }

    /**
     * A supervised child (one-for-one, no backoff) killed with SIGKILL again and again: from the kill to the first
     * answer of its next incarnation through a portal by name — death detection, the restart and the first call.
     * {@code processes}: the child processes the root has when all is idle (the child, and the pool if any).
     */
    private void restarts(ActorRuntime root, int processes, String workload) {
        List<Double> took = new ArrayList<>();
        Supervision supervision = Supervision.oneForOne().withLimit(reps + 2, Duration.ofMinutes(10))
                .withBackoff(Duration.ZERO, Duration.ZERO, 0);
        try (ActorNursery nursery = root.openNursery(supervision)) {
            nursery.startActor("restarted");
            Portal byName = nursery.byName("restarted");
            long pid = byName.run(NS, "pid", Map.of(), Long.class);
            for (int i = 0; i < reps; i++) {
                if (root.status().children().stream().noneMatch(c -> c.alive() && c.started())) {
                    throw new IllegalStateException("the supervised child is not running");
                }
                WarmPools.awaitSettled(processes);   // the new incarnation (and any pool) warmed up and idle
                long t0 = System.nanoTime();
                long killed = pid;
                ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
                long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
                while (pid == killed) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("the killed child was not restarted within 60 s");
                    }
                    try {
                        pid = byName.run(NS, "pid", Map.of(), Long.class);
                    } catch (RuntimeException e) {
                        // the call that met the death; the next one waits for the new incarnation
                    }
                }
                took.add(ColdSpawn.millis(System.nanoTime() - t0));
            }
        }
        table.add(workload, "**SIGKILL → first answer of the new incarnation by name, ms**", took);
    }

    /** Starts a child and makes its first call. */
    private static void usable(ActorNursery nursery, String name) {
        Portal p = nursery.startActor(name);
        p.run(NS, "pid", Map.of(), Long.class);
    }

    /** Runs the Spring root in a JVM of its own and reads its lines. */
    private void spring() {
        String classPath = System.getProperty("bench.spring.classpath", "").trim();
        if (classPath.isEmpty()) {
            System.out.println("  Spring child: skipped (no system property bench.spring.classpath; scripts/bench.sh sets it)");
            return;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(BenchJvm.javaBinary());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xmx512m"));
        cmd.addAll(BenchJvm.nativeAccessOptions());
        if (!BenchJvm.EXTRA.isEmpty()) {
            cmd.add("-Dbench.child.jvmArgs=" + String.join(" ", BenchJvm.EXTRA));
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add("dev.tractor.bench.spawn.spring.SpringSpawnMain");
        cmd.add(Integer.toString(options.count(5, 5)));
        cmd.add(transport.wireName());
        Path log = options.out().toAbsolutePath().getParent().resolve("spawn-spring-root.log");
        List<String> lines;
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(SPRING_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the Spring root did not finish within " + SPRING_LIMIT + " (log: " + log + ")");
            }
            lines = Files.readAllLines(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the Spring root exited with " + p.exitValue() + " (log: " + log + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the Spring root: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        ColdSpawn first = null;
        List<ColdSpawn> spawns = new ArrayList<>();
        List<ColdSpawn> pooled = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("spawn-root-boot ")) {
                System.out.println("  Spring root booted in " + line.substring(line.indexOf('=') + 1) + " ms");
            } else if (line.startsWith("spawn-first ")) {
                first = ColdSpawn.parse(line.substring("spawn-first ".length()));
            } else if (line.startsWith("spawn-result ")) {
                spawns.add(ColdSpawn.parse(line.substring("spawn-result ".length())));
            } else if (line.startsWith("spawn-pooled ")) {
                pooled.add(ColdSpawn.parse(line.substring("spawn-pooled ".length())));
            }
        }
        if (first == null || spawns.isEmpty()) {
            throw new IllegalStateException("the Spring root reported no spawn (log: " + log + ")");
        }
        report("Spring child", first, spawns);
        if (!pooled.isEmpty()) {
            reportPooled("pooled Spring child (warm pool of " + WarmPools.SPRING_POOL + ")", pooled, false);
        }
    }

    /** {@code n} values of {@code f}. */
    private static List<Double> repeat(int n, Function<Integer, Double> f) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(f.apply(i));
        }
        return values;
    }
}
