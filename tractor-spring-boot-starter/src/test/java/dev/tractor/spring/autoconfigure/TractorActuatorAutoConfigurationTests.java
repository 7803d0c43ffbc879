package dev.tractor.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorDied;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Portal;
import dev.tractor.SupervisorGaveUp;
import dev.tractor.TractorException;
import dev.tractor.spring.ChildActorMonitor;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.TreeDescriptor;
import dev.tractor.spring.actuate.endpoint.TractorEndpoint;
import dev.tractor.spring.autoconfigure.actuate.TractorEndpointAutoConfiguration;
import dev.tractor.spring.autoconfigure.health.TractorHealthContributorAutoConfiguration;
import dev.tractor.spring.autoconfigure.metrics.TractorMetricsAutoConfiguration;
import dev.tractor.spring.health.TractorHealthIndicator;
import dev.tractor.spring.metrics.TractorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The endpoint, health and metrics auto-configurations, with {@link ApplicationContextRunner}. */
class TractorActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TractorAutoConfiguration.class,
                    TractorEndpointAutoConfiguration.class, TractorHealthContributorAutoConfiguration.class,
                    TractorMetricsAutoConfiguration.class))
            .withPropertyValues("tractor.registry.port=0");

    @Test
    void theEndpointIsConfiguredWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=tractor")
                .withBean(TestFunctions.Calc.class).run(context -> {
                    assertThat(context).hasSingleBean(TractorEndpoint.class);
                    TreeDescriptor tree = context.getBean(TractorEndpoint.class).tree();
                    assertThat(tree.self().name()).isEqualTo("root");
                    assertThat(tree.self().pid()).isEqualTo(ProcessHandle.current().pid());
                    assertThat(tree.children()).isEmpty();
                    assertThat(tree.functions()).extracting(f -> f.qualifiedName()).containsExactly("calc.mdcActor", "calc.square");
                    assertThat(context.getBean(TractorEndpoint.class).actor("nobody")).isNull();
                    assertThat(tree.registry().registrar()).isTrue();
                    assertThat(tree.registry().actors()).extracting(a -> a.name()).containsExactly("root");
                });
    }

    @Test
    void theEndpointIsNotConfiguredWhenNotExposedOrWithoutTheActuator() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TractorEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=tractor")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).doesNotHaveBean(TractorEndpoint.class));
    }

    @Test
    void theEndpointBacksOff() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=tractor")
                .withBean("myEndpoint", TractorEndpoint.class, () -> new TractorEndpoint(null, null, null))
                .run(context -> assertThat(context).getBeanNames(TractorEndpoint.class).containsExactly("myEndpoint"));
    }

    @Test
    void theHealthIndicatorIsUpWhileTheRuntimeIsOpen() {
        runner.run(context -> {
            TractorHealthIndicator indicator = context.getBean(TractorHealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            assertThat(indicator.health().getDetails()).containsEntry("actor", "root").containsEntry("children", 0);
            context.getBean(ActorRuntime.class).close();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void theHealthIndicatorIsDownAfterAChildCrashedUntilAChildComesUpAgain() {
        runner.run(context -> {
            TractorHealthIndicator indicator = context.getBean(TractorHealthIndicator.class);
            ChildActorMonitor monitor = context.getBean(ChildActorMonitor.class);
            ActorUid first = ActorUid.random("worker");
            monitor.actorSpawned(first, 4242, Duration.ofSeconds(2));
            assertThat(indicator.health().getDetails()).containsEntry("children", 1);
            monitor.actorExited(first, 137, false);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(indicator.health().getDetails()).containsEntry("crashes", 1L)
                    .containsEntry("reason", "child actor 'worker' exited unexpectedly (code 137) and no child has come up since");
            monitor.actorSpawned(ActorUid.random("worker"), 4243, Duration.ofSeconds(2));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            assertThat(indicator.health().getDetails()).containsKey("lastCrash");
        });
    }

    @Test
    void aCancelledChildIsNoCrash() {
        runner.run(context -> {
            ChildActorMonitor monitor = context.getBean(ChildActorMonitor.class);
            ActorUid child = ActorUid.random("worker");
            monitor.actorSpawned(child, 4242, Duration.ofSeconds(2));
            monitor.actorExited(child, 0, true);
            monitor.actorExited(ActorUid.random("never-started"), 3, false);
            assertThat(context.getBean(TractorHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
            assertThat(monitor.crashCount()).isZero();
            assertThat(monitor.liveChildren()).isEmpty();
        });
    }

    @Test
    void theHealthIndicatorCanBeDisabledOrLeftOut() {
        runner.withPropertyValues("management.health.tractor.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(TractorHealthIndicator.class));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(TractorHealthIndicator.class));
    }

    @Test
    void metricsTimeTheCallsThisActorMakes() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class).run(context -> {
                    assertThat(context).hasSingleBean(TractorMetrics.class);
                    ActorRuntime runtime = context.getBean(ActorRuntime.class);
                    Portal self = runtime.connect(runtime.address());
                    self.run("self", "ping", Map.of());
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("tractor.calls").tag("namespace", "self").tag("function", "ping")
                            .tag("outcome", "success").timer().count()).isEqualTo(1);
                    assertThat(registry.get("tractor.actors.active").gauge().value()).isZero();
                    assertThat(registry.get("tractor.stream.items").tag("direction", "in").counter().count()).isZero();
                });
    }

    @Test
    void metricsCountRestartsByNameAndCauseAndSupervisorsThatGaveUp() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class).run(context -> {
                    TractorMetrics metrics = context.getBean(TractorMetrics.class);
                    ActorUid first = ActorUid.random("calc");
                    ActorUid second = ActorUid.random("calc");
                    metrics.actorRestarted("calc", first, second, new ActorDied("calc died", first, 137), 1);
                    metrics.actorRestarted("calc", second, ActorUid.random("calc"), new ActorDied("again", second, 137), 2);
                    metrics.actorRestarted("db", first, second, null, 1);
                    metrics.actorRestarted("db", first, second, new TractorException("restarted with 'calc'"), 2);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("tractor.restarts").tag("name", "calc").tag("cause", "ActorDied").counter()
                            .count()).isEqualTo(2);
                    assertThat(registry.get("tractor.restarts").tag("name", "db").tag("cause", "normal").counter()
                            .count()).isEqualTo(1);
                    assertThat(registry.get("tractor.restarts").tag("name", "db").tag("cause", "TractorException")
                            .counter().count()).isEqualTo(1);
                    assertThat(registry.get("tractor.supervisors.gave.up").counter().count()).isZero();
                    metrics.supervisorGaveUp(ActorUid.random("root"), new SupervisorGaveUp("gave up", List.of()));
                    assertThat(registry.get("tractor.supervisors.gave.up").counter().count()).isEqualTo(1);
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHealthIndicatorNamesTheLastSupervisorThatGaveUp() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=tractor").run(context -> {
            TractorEndpoint endpoint = context.getBean(TractorEndpoint.class);
            assertThat(endpoint.tree().services()).isEmpty();
            assertThat(endpoint.tree().supervisors()).isEmpty();
            ChildActorMonitor monitor = context.getBean(ChildActorMonitor.class);
            ActorUid root = context.getBean(ActorRuntime.class).uid();
            ActorUid calc = ActorUid.random("calc");
            monitor.supervisorGaveUp(root, new SupervisorGaveUp("gave up", List.of(
                    new ActorDied("actor 'calc' died\nwith exit code 137", calc, 137),
                    new ActorDied("actor 'calc' died again", calc, 137))));
            Health health = context.getBean(TractorHealthIndicator.class).health();
            assertThat(health.getStatus()).as("its nursery is closed: nothing is left given up").isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("supervisorsGaveUp", 1L);
            assertThat((Map<Object, Object>) health.getDetails().get("lastGiveUp")).containsEntry("owner", "root")
                    .containsEntry("failures", List.of("ActorDied: actor 'calc' died", "ActorDied: actor 'calc' died again"));
        });
    }

    @Test
    void metricsAreLeftOutWithoutAMeterRegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TractorMetrics.class));
        runner.withBean(SimpleMeterRegistry.class).withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(TractorMetrics.class));
    }
}
