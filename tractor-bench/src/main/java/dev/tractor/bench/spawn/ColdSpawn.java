package dev.tractor.bench.spawn;

import dev.tractor.ActorNursery;
import dev.tractor.Portal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One cold child, start to end: {@code startActor}, the first call of a trivial function, the child's memory right
 * after that reply, its own account of its start ({@link Probe}), then {@code cancelActor} until the process is gone.
 * Used by the harness for core children and by the Spring root for Spring children.
 *
 * @param figures every measured value by its key (milliseconds, MiB or a count)
 * @param sharing whether the child runs with class data sharing on
 */
public record ColdSpawn(Map<String, Double> figures, boolean sharing) {

    /** startActor called → returned. */
    public static final String START_ACTOR = "startActor";
    /** startActor returned → the first call's reply. */
    public static final String FIRST_RUN = "firstRun";
    /** startActor called → the first call's reply. */
    public static final String USABLE = "usable";
    /**
     * startActor called → the child's JVM created: its RuntimeMXBean start time, which HotSpot takes when the JVM
     * has finished initialising, a few milliseconds before main runs.
     */
    public static final String TO_JVM = "toJvm";
    /** The child's JVM created → its functions created (main, configuration, logging, the actor opening). */
    public static final String JVM_TO_FUNCTIONS = "jvmToFunctions";
    /** The child's functions created → startActor returned in the parent (listen, registry, connect, handshake). */
    public static final String FUNCTIONS_TO_READY = "functionsToReady";
    /** The child's CPU time (user and system) until its first reply, ms (10 ms resolution). */
    public static final String CPU = "cpu";
    /** VmRSS after the first reply, MiB. */
    public static final String RSS = "rss";
    /** RssAnon after the first reply, MiB. */
    public static final String ANON = "anon";
    /** Pss after the first reply, MiB. */
    public static final String PSS = "pss";
    /** Classes loaded in the child when probed (after the first reply; the probe itself loads a few hundred). */
    public static final String CLASSES = "classes";
    /** cancelActor called → returned. */
    public static final String CANCEL_RETURNED = "cancelReturned";
    /** cancelActor called → the process has exited. */
    public static final String CANCEL_GONE = "cancelGone";

    /** Starts child {@code name} in {@code nursery}, measures it (its functions are in {@code ns}) and cancels it. */
    public static ColdSpawn measure(ActorNursery nursery, String name, String ns) {
        long wall0 = Probe.epochMicros();
        long t0 = System.nanoTime();
        Portal child = nursery.startActor(name);
        long t1 = System.nanoTime();
        long wall1 = Probe.epochMicros();
        boolean cancelled = false;
        try {
            long pid = child.run(ns, "pid", Map.of(), Long.class);
            long t2 = System.nanoTime();
            double cpu = ProcMemory.cpuMillis(pid);
            ProcMemory memory = ProcMemory.of(pid);
            Map<?, ?> probe = child.run(ns, "probe", Map.of(), Map.class);
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("child " + name + " (pid " + pid + ") is not running"));
            AtomicLong goneAt = new AtomicLong();
            CompletableFuture<Void> gone = process.onExit().thenRun(() -> goneAt.set(System.nanoTime()));
            long c0 = System.nanoTime();
            cancelled = true;
            child.cancelActor();
            long c1 = System.nanoTime();
            gone.get(30, TimeUnit.SECONDS);

            Map<String, Double> f = new LinkedHashMap<>();
            f.put(START_ACTOR, millis(t1 - t0));
            f.put(FIRST_RUN, millis(t2 - t1));
            f.put(USABLE, millis(t2 - t0));
            long vmStart = number(probe, "vmStartMicros");
            long created = number(probe, "createdMicros");
            f.put(TO_JVM, (vmStart - wall0) / 1000.0);
            f.put(JVM_TO_FUNCTIONS, (created - vmStart) / 1000.0);
            f.put(FUNCTIONS_TO_READY, (wall1 - created) / 1000.0);
            f.put(CPU, cpu);
            f.put(RSS, memory.rssMiB());
            f.put(ANON, memory.anonMiB());
            f.put(PSS, memory.pssMiB());
            f.put(CLASSES, (double) number(probe, "loadedClasses"));
            f.put(CANCEL_RETURNED, millis(c1 - c0));
            f.put(CANCEL_GONE, millis(goneAt.get() - c0));
            return new ColdSpawn(f, String.valueOf(probe.get("vmInfo")).contains("sharing"));
        } catch (Exception e) {
            throw new IllegalStateException("spawn of " + name + ": " + e, e);
        } finally {
            if (!cancelled) {
                child.cancelActor();
            }
        }
    }

    /** One line, {@code key=value ...}, as the Spring root prints it for the harness. */
    public String line() {
        StringBuilder sb = new StringBuilder();
        figures.forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
        return sb.append("sharing=").append(sharing).toString();
    }

    /** The inverse of {@link #line()}. */
    public static ColdSpawn parse(String line) {
        Map<String, Double> f = new LinkedHashMap<>();
        boolean sharing = false;
        for (String pair : line.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (key.equals("sharing")) {
                sharing = Boolean.parseBoolean(value);
            } else {
                f.put(key, Double.parseDouble(value));
            }
        }
        return new ColdSpawn(f, sharing);
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static long number(Map<?, ?> probe, String key) {
        return ((Number) probe.get(key)).longValue();
    }
}
