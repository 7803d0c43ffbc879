package dev.tractor.demo.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot demo: the starter opens this application's actor, exposes the {@code @ActorFunction}
 * beans of this package, and every child actor is a child JVM booting this same class without a web
 * server. {@link DemoRunner} (root only) spawns a worker and calls it in every style; the actuator
 * shows the tree at {@code /actuator/tractor}.
 */
@SpringBootApplication
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
