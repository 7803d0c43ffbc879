package dev.tractor.spring;

import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.spring.sample.SampleApplication;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring program as a user leaves it, with no cookie configured: {@code <other> --tractor.*=…}. Boots
 * {@link SampleApplication} without a web server, waits for the actor called {@code other} through the registry,
 * calls its {@code self.ping} and prints {@code FOUND <answer>}; a failure prints {@code FAILED <message>}.
 */
public final class DefaultSpringProgramMain {

    private DefaultSpringProgramMain() {
    }

    public static void main(String[] args) {
        String other = args[0];
        String[] properties = java.util.Arrays.copyOfRange(args, 1, args.length);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .web(WebApplicationType.NONE).run(properties)) {
            Portal found = context.getBean(ActorRuntime.class).waitForActor(other, Duration.ofSeconds(20));
            System.out.println("FOUND " + found.run("self", "ping", Map.of()));
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e);
        }
        System.out.flush();
        System.exit(0);
    }
}
