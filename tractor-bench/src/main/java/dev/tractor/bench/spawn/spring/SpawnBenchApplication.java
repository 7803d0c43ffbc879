package dev.tractor.bench.spawn.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest Spring Boot application with Tractor: the spawn workload's Spring root (see {@link SpringSpawnMain})
 * and, booted again by the starter in every child JVM, its Spring children. Its one bean is
 * {@link SpringSpawnFunctions}.
 */
@SpringBootApplication
public class SpawnBenchApplication {
}
