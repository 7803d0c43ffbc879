package dev.tractor.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.Portal;
import dev.tractor.RestartPolicy;
import dev.tractor.RestartStrategy;
import dev.tractor.ServiceSpec;
import dev.tractor.Supervision;
import dev.tractor.TractorConfig;
import dev.tractor.spawn.JvmSpawnBackend;
import dev.tractor.spawn.SpawnBackend;
import dev.tractor.spring.ServicePortal;
import dev.tractor.spring.TractorServices;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.ChildDescriptor;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.ServiceDescriptor;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.TreeDescriptor;
import dev.tractor.spring.actuate.endpoint.TractorEndpoint;
import dev.tractor.spring.autoconfigure.actuate.TractorEndpointAutoConfiguration;
import dev.tractor.spring.autoconfigure.health.TractorHealthContributorAutoConfiguration;
import dev.tractor.spring.autoconfigure.metrics.TractorMetricsAutoConfiguration;
import dev.tractor.spring.child.ChildActorLaunch;
import dev.tractor.spring.health.TractorHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.tractor.testing.Calc;
import dev.tractor.testing.Flaky;
import dev.tractor.testing.NoLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.BeanPropertyBindingResult;

/**
 * Services declared under {@code tractor.services.*}: binding, validation, and, with real (core) child processes,
 * started with the root's context, injectable by name, ended with it, and left alone by a child's context.
 */
@ExtendWith(NoLeaks.class)
class TractorServicesAutoConfigurationTests {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TractorAutoConfiguration.class))
            .withPropertyValues("tractor.registry.port=0");

    /** The runtime with core children serving the test modules, which start in a fraction of a Spring child's time. */
    private final ApplicationContextRunner withChildren = runner.withUserConfiguration(CoreChildren.class);

    private static TractorProperties bind(String... properties) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String p : properties) {
            int eq = p.indexOf('=');
            map.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return new Binder(new MapConfigurationPropertySource(map)).bind("tractor", TractorProperties.class).get();
    }

    @Test
    void bindsEveryServicePropertyInTheirUsersSpelling() {
        TractorProperties p = bind("tractor.services.calc.replicas=3", "tractor.services.calc.restart=transient",
                "tractor.services.calc.strategy=rest-for-one", "tractor.services.calc.max-restarts=5",
                "tractor.services.calc.within=1m", "tractor.services.calc.min-backoff=10ms",
                "tractor.services.calc.max-backoff=2s", "tractor.services.calc.jitter=0.5",
                "tractor.services.calc.jvm-args[0]=-Xmx64m", "tractor.services.calc.jvm-args[1]=-Dsvc=calc",
                "tractor.services.calc.spawn-timeout=20s", "tractor.services.db.restart=temporary");
        assertThat(p.getServices()).containsOnlyKeys("calc", "db");
        ServiceSpec calc = p.getServices().get("calc").toSpec();
        assertThat(calc.replicas()).isEqualTo(3);
        assertThat(calc.options().restart()).isEqualTo(RestartPolicy.TRANSIENT);
        assertThat(calc.options().jvmArgs()).containsExactly("-Xmx64m", "-Dsvc=calc");
        assertThat(calc.options().spawnTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(calc.supervision()).isEqualTo(new Supervision(RestartStrategy.REST_FOR_ONE, 5, Duration.ofMinutes(1),
                Duration.ofMillis(10), Duration.ofSeconds(2), 0.5));
    }

    @Test
    void defaultsAreOnePermanentReplicaSupervisedOneForOneWithTheCoresLimitAndBackoff() {
        ServiceSpec db = bind("tractor.services.db.replicas=1").getServices().get("db").toSpec();
        assertThat(db.replicas()).isEqualTo(1);
        assertThat(db.options().restart()).isEqualTo(RestartPolicy.PERMANENT);
        assertThat(db.options().jvmArgs()).isEmpty();
        assertThat(db.options().spawnTimeout()).isNull();
        assertThat(db.supervision()).isEqualTo(Supervision.oneForOne());
        assertThat(new TractorProperties().getServices()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tractor.services.calc.replicas=0          | tractor.services.calc.replicas must be between 1 and 1024",
        "tractor.services.calc.strategy=one-cancels-all | tractor.services.calc.strategy must be one-for-one, one-for-all or rest-for-one",
        "tractor.services.calc.max-restarts=-1     | tractor.services.calc.max-restarts must be 0 or more",
        "tractor.services.calc.within=0s           | tractor.services.calc.within must be a positive duration",
        "tractor.services.calc.min-backoff=-1s     | tractor.services.calc.min-backoff must be 0 or a positive duration",
        "tractor.services.calc.max-backoff=1ms     | tractor.services.calc.max-backoff must be at least tractor.services.calc.min-backoff",
        "tractor.services.calc.jitter=1.5          | tractor.services.calc.jitter must be between 0 and 1",
        "tractor.services.calc.spawn-timeout=0s    | tractor.services.calc.spawn-timeout must be a positive duration",
        "tractor.services.calc.restart=sometimes   | tractor.services.calc.restart",
    })
    void badServiceValuesFailTheStartNamingTheProperty(String property, String message) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(message);
        });
    }

    @Test
    void aBlankJvmOptionIsRejectedNamingTheProperty() {
        TractorProperties p = new TractorProperties();
        TractorProperties.Service service = new TractorProperties.Service();
        service.setJvmArgs(List.of("-Xmx64m", " "));
        p.getServices().put("calc", service);
        BeanPropertyBindingResult errors = new BeanPropertyBindingResult(p, "tractor");
        p.validate(p, errors);
        assertThat(errors.getAllErrors()).extracting(e -> e.getDefaultMessage())
                .containsExactly("tractor.services.calc.jvm-args must not hold a blank option");
    }

    @Test
    void aContextWithoutServicesHasNoServicePortals() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(TractorServices.class).doesNotHaveBean(Portal.class);
            assertThat(context.getBean(TractorServices.class).declared()).isEmpty();
            assertThat(context.getBean(ActorRuntime.class).services()).isEmpty();
        });
    }

    @Test
    void declaredServicesStartWithTheContextAreInjectedByNameAndEndWithIt() {
        AtomicReference<List<Long>> pids = new AtomicReference<>();
        withChildren.withUserConfiguration(UsesTheService.class)
                .withPropertyValues("tractor.services.calc.replicas=1", "tractor.services.pair.replicas=2",
                        "tractor.services.pair.strategy=one-for-all")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ActorRuntime runtime = context.getBean(ActorRuntime.class);
                    assertThat(runtime.services()).as("started before anyone asked")
                            .containsExactlyInAnyOrder("calc", "pair");
                    assertThat(runtime.status().children()).extracting(c -> c.name())
                            .containsExactlyInAnyOrder("calc", "pair-1", "pair-2");
                    assertThat(context).getBeanNames(Portal.class).containsExactlyInAnyOrder("calc", "pair");
                    Portal calc = context.getBean("calc", Portal.class);
                    assertThat(calc).isInstanceOf(ServicePortal.class);
                    assertThat(calc.run("calc", "square", Map.of("x", 7), Integer.class)).isEqualTo(49);
                    assertThat(context.getBean(UsesTheService.class).calc).isSameAs(calc);
                    assertThat(context.getBean(TractorServices.class).portal("pair")).isSameAs(context.getBean("pair"));
                    assertThat(runtime.status().supervisors()).extracting(s -> s.strategy())
                            .containsExactlyInAnyOrder("one-for-one", "one-for-all");
                    List<Long> seen = new ArrayList<>();
                    runtime.status().children().forEach(c -> seen.add(c.pid()));
                    pids.set(seen);
                });
        assertThat(pids.get()).hasSize(3)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKilledServiceIsRestartedAndTheEndpointMetricsAndHealthShowItAndASupervisorThatGaveUp() {
        withChildren.withConfiguration(AutoConfigurations.of(TractorEndpointAutoConfiguration.class,
                        TractorHealthContributorAutoConfiguration.class, TractorMetricsAutoConfiguration.class,
                        MetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("management.endpoints.web.exposure.include=tractor",
                        "tractor.services.flaky.min-backoff=10ms", "tractor.services.flaky.max-backoff=50ms",
                        "tractor.services.fragile.max-restarts=0", "tractor.services.fragile.restart=transient")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TractorEndpoint endpoint = context.getBean(TractorEndpoint.class);
                    TractorHealthIndicator health = context.getBean(TractorHealthIndicator.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    Portal flaky = context.getBean("flaky", Portal.class);
                    long first = pid(flaky);
                    String firstUuid = uuid(flaky);

                    ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly);
                    await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                            .until(() -> pid(flaky) != first);
                    TreeDescriptor tree = endpoint.tree();
                    ChildDescriptor child = tree.children().stream().filter(c -> c.name().equals("flaky")).findFirst()
                            .orElseThrow();
                    assertThat(child.uid()).isEqualTo(uuid(flaky)).isNotEqualTo(firstUuid);
                    assertThat(child.strategy()).isEqualTo("one-for-one");
                    assertThat(child.restart()).isEqualTo("permanent");
                    assertThat(child.restarts()).isEqualTo(1);
                    assertThat(child.history()).singleElement().satisfies(r -> {
                        assertThat(r.cause()).contains("ActorDied");
                        assertThat(r.previous()).isEqualTo(firstUuid);
                        assertThat(r.at()).isNotBlank();
                    });
                    assertThat(tree.supervisors()).hasSize(2).anySatisfy(v -> {
                        assertThat(v.strategy()).isEqualTo("one-for-one");
                        assertThat(v.maxRestarts()).isEqualTo(3);
                        assertThat(v.restarts()).isEqualTo(1);
                        assertThat(v.gaveUp()).isFalse();
                    });
                    assertThat(tree.services()).containsExactly(
                            new ServiceDescriptor("flaky", true, true, 1, List.of("flaky"), "one-for-one", "permanent"),
                            new ServiceDescriptor("fragile", true, true, 1, List.of("fragile"), "one-for-one",
                                    "transient"));
                    assertThat(meters.get("tractor.restarts").tag("name", "flaky").tag("cause", "ActorDied").counter()
                            .count()).isEqualTo(1);
                    await().atMost(BOUND).until(() -> health.health().getStatus().equals(Status.UP));

                    // a supervisor that may not restart gives up at the first failure: health says so until asked again
                    Portal fragile = context.getBean("fragile", Portal.class);
                    long fragilePid = pid(fragile);
                    ProcessHandle.of(fragilePid).ifPresent(ProcessHandle::destroyForcibly);
                    await().atMost(BOUND).pollInterval(Duration.ofMillis(50))
                            .until(() -> health.health().getStatus().equals(Status.DOWN)
                                    && health.health().getDetails().containsKey("gaveUp"));
                    Health down = health.health();
                    assertThat((String) down.getDetails().get("reason")).contains("a supervisor of actor 'root'")
                            .contains("gave up");
                    assertThat((List<?>) down.getDetails().get("gaveUp")).singleElement().satisfies(v -> {
                        Map<?, ?> gaveUp = (Map<?, ?>) v;
                        assertThat(gaveUp.get("owner")).isEqualTo("root");
                        assertThat((List<?>) gaveUp.get("failures")).singleElement().asString().contains("ActorDied");
                    });
                    assertThat((Map<Object, Object>) down.getDetails().get("lastGiveUp")).containsEntry("owner", "root");
                    assertThat(endpoint.tree().supervisors()).anySatisfy(v -> {
                        assertThat(v.gaveUp()).isTrue();
                        assertThat(v.failures()).singleElement().asString().contains("ActorDied");
                    });
                    assertThat(meters.get("tractor.supervisors.gave.up").counter().count()).isEqualTo(1);

                    assertThat(pid(fragile)).as("started afresh when asked again").isNotEqualTo(fragilePid);
                    await().atMost(BOUND).until(() -> health.health().getStatus().equals(Status.UP));
                });
    }

    private static long pid(Portal p) {
        return p.run("flaky", "pid", Map.of(), Long.class);
    }

    private static String uuid(Portal p) {
        return p.run("flaky", "uuid", Map.of(), String.class);
    }

    @Test
    void aServiceThatDoesNotComeUpFailsTheStartNamingIt() {
        withChildren.withPropertyValues("tractor.services.broken.jvm-args[0]=-XX:+NoSuchOptionAnywhere",
                "tractor.services.broken.spawn-timeout=20s").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("the service 'broken' (tractor.services.broken) did not start");
                });
    }

    @Test
    void aServiceNamedLikeAnExistingBeanFailsTheStartNamingBoth() {
        runner.withBean("calc", String.class, () -> "not a portal")
                .withPropertyValues("tractor.services.calc.replicas=1").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("tractor.services.calc declares a service whose portal is a bean named 'calc'")
                            .contains("rename the service or the bean");
                });
    }

    @Test
    void aChildActorsContextNeitherStartsServicesNorHasTheirPortals() {
        TractorConfig inherited = TractorConfig.builder().name("kid").cookie("c").build();
        ChildActorLaunch launch = new ChildActorLaunch(new ActorUid("kid", "u-1"), Address.tcp("127.0.0.1", 1), inherited);
        runner.withInitializer(launch::registerIn).withPropertyValues("tractor.services.calc.replicas=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(TractorServices.class).doesNotHaveBean("calc")
                            .doesNotHaveBean(Portal.class);
                });
    }

    static String messages(Throwable failure) {
        List<String> all = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", all);
    }

    /** A root whose children are core JVMs serving the test modules. */
    @Configuration(proxyBeanMethods = false)
    static class CoreChildren {

        @Bean
        TractorConfig tractorConfig() {
            return TractorConfig.builder().name("root").registry("127.0.0.1", 0).enableModules(Calc.class, Flaky.class)
                    .cancelGracePeriod(Duration.ofSeconds(2)).build();
        }

        @Bean
        SpawnBackend spawner() {
            return new JvmSpawnBackend();
        }
    }

    /** A bean that injects a service's portal by name. */
    @Configuration(proxyBeanMethods = false)
    static class UsesTheService {

        final Portal calc;

        UsesTheService(@Qualifier("calc") Portal calc) {
            this.calc = calc;
        }
    }
}
