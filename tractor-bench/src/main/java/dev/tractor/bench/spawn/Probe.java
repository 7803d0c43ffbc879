package dev.tractor.bench.spawn;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a freshly started child tells about its own start: when its JVM was created (the RuntimeMXBean start time,
 * taken when the JVM has initialised, a few milliseconds before main), when its functions were created
 * (the actor is opening, before it connects back), how many classes it has loaded and whether class data sharing
 * is on. Times are microseconds since the epoch, comparable with the parent's on the same machine.
 */
public final class Probe {

    private Probe() {
    }

    /** Now, in microseconds since the epoch (the system clock, as precise as it reads). */
    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** The probe's answer for a child whose functions were created at {@code createdMicros}. */
    public static Map<String, Object> of(long createdMicros) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", ProcessHandle.current().pid());
        m.put("createdMicros", createdMicros);
        m.put("vmStartMicros", ManagementFactory.getRuntimeMXBean().getStartTime() * 1000);
        m.put("loadedClasses", ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        // "sharing" in java.vm.info when the CDS archive is mapped
        m.put("vmInfo", System.getProperty("java.vm.info", ""));
        return m;
    }
}
