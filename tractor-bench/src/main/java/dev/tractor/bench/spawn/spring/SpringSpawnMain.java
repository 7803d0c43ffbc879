package dev.tractor.bench.spawn.spring;

import dev.tractor.ActorNursery;
import dev.tractor.TractorConfig;
import dev.tractor.bench.spawn.ColdSpawn;
import dev.tractor.bench.spawn.WarmPools;
import dev.tractor.spring.ActorNurseryFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The spawn workload's Spring root, a JVM of its own started by the harness with the Spring class path: boots
 * {@link SpawnBenchApplication} (no web server), starts one Spring child unmeasured (this root's own first spawn),
 * then {@code <reps>} children one at a time, each measured by {@link ColdSpawn} and cancelled, and prints a line
 * per child for the harness: {@code spawn-first ...} and {@code spawn-result ...}. Arguments: {@code <reps>
 * <transport>}. Child JVM options: Tractor's defaults plus the system property {@code bench.child.jvmArgs}.
 */
public final class SpringSpawnMain {

    private SpringSpawnMain() {
    }

    /** A second root with a warm pool: each child claimed from it once the pool has settled, measured alike. */
    private static int pooled(int reps, List<String> coldProperties) {
        List<String> properties = new ArrayList<>(coldProperties);
        properties.add("tractor.spawn.warm-pool-size=" + WarmPools.SPRING_POOL);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SpawnBenchApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties(properties.toArray(String[]::new))
                .run();
        try (ActorNursery nursery = context.getBean(ActorNurseryFactory.class).open()) {
            for (int i = 0; i < reps; i++) {
                WarmPools.awaitSettled(WarmPools.SPRING_POOL);
                System.out.println("spawn-pooled "
                        + ColdSpawn.measure(nursery, "spring-pooled-" + i, SpringSpawnFunctions.NS).line());
            }
            return 0;
        } catch (RuntimeException e) {
            System.out.println("spawn-failed " + e);
            e.printStackTrace(System.out);
            return 1;
        } finally {
            context.close();
        }
    }

    public static void main(String[] args) {
        int reps = Integer.parseInt(args[0]);
        String transport = args[1];
        List<String> properties = new ArrayList<>(List.of(
                "tractor.name=spawn-spring-root",
                "tractor.registry.port=0",
                "tractor.transport=" + transport,
                "tractor.cookie=" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16)),
                "logging.level.root=WARN"));
        List<String> jvmArgs = new ArrayList<>(TractorConfig.DEFAULT_CHILD_JVM_ARGS);
        String extra = System.getProperty("bench.child.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.split("\\s+")));
        }
        for (int i = 0; i < jvmArgs.size(); i++) {
            properties.add("tractor.spawn.jvm-args[" + i + "]=" + jvmArgs.get(i));
        }
        long t0 = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SpawnBenchApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties(properties.toArray(String[]::new))
                .run();
        int code = 0;
        try {
            System.out.println("spawn-root-boot ms=" + (System.nanoTime() - t0) / 1e6);
            try (ActorNursery nursery = context.getBean(ActorNurseryFactory.class).open()) {
                System.out.println("spawn-first " + ColdSpawn.measure(nursery, "spring-first", SpringSpawnFunctions.NS).line());
                for (int i = 0; i < reps; i++) {
                    System.out.println("spawn-result "
                            + ColdSpawn.measure(nursery, "spring-" + i, SpringSpawnFunctions.NS).line());
                }
            }
        } catch (RuntimeException e) {
            System.out.println("spawn-failed " + e);
            e.printStackTrace(System.out);
            code = 1;
        } finally {
            context.close();
        }
        if (code == 0) {
            code = pooled(reps, properties);
        }
        System.exit(code);
    }
}
