package dev.tractor.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.Heartbeat;
import dev.tractor.Limits;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import dev.tractor.spawn.JvmSpawnBackend;
import dev.tractor.spawn.SpawnBackend;
import dev.tractor.spring.ActorFunctionDescriptor;
import dev.tractor.spring.ActorFunctionRegistry;
import dev.tractor.spring.ActorNurseryFactory;
import dev.tractor.spring.ConditionalOnRootActor;
import dev.tractor.spring.ManagedActorRuntime;
import dev.tractor.spring.child.ChildActorLaunch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runtime's auto-configuration, with {@link ApplicationContextRunner}: no child processes. */
class TractorAutoConfigurationTests {

    /** Registry port 0: each context is its own registrar, whatever else runs on this host. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TractorAutoConfiguration.class))
            .withPropertyValues("tractor.registry.port=0");

    @Test
    void opensTheRuntimeWithTheContextAndClosesItWithTheContext() {
        AtomicReference<ManagedActorRuntime> seen = new AtomicReference<>();
        runner.run(context -> {
            assertThat(context).hasSingleBean(ActorRuntime.class).hasSingleBean(ActorNurseryFactory.class)
                    .hasSingleBean(ActorFunctionRegistry.class).hasSingleBean(TractorConfig.class)
                    .hasSingleBean(SpawnBackend.class);
            ManagedActorRuntime runtime = context.getBean(ManagedActorRuntime.class);
            seen.set(runtime);
            assertThat(runtime.isRunning()).isTrue();
            assertThat(runtime.getPhase()).isEqualTo(ManagedActorRuntime.PHASE);
            assertThat(runtime.uid().name()).isEqualTo("root");
            assertThat(runtime.address().host()).isEqualTo("127.0.0.1");
            try (ActorNursery nursery = context.getBean(ActorNurseryFactory.class).open()) {
                assertThat(nursery.children()).isEmpty();
            }
        });
        assertThat(seen.get().isRunning()).isFalse();
        assertThat(seen.get().isOpen()).isFalse();
    }

    @Test
    void valueMapperCustomizerBeansApplyInTheirOrderWhileTheRuntimeIsOpen() {
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        runner.withBean("second", dev.tractor.ValueMapperCustomizer.class, () -> new OrderedCustomizer(2, order))
                .withBean("first", dev.tractor.ValueMapperCustomizer.class, () -> new OrderedCustomizer(1, order))
                .run(context -> {
                    assertThat(context.getBean(TractorConfig.class).valueMappers()).hasSize(2);
                    assertThat(order).containsExactly("1", "2");
                    assertThat(dev.tractor.wire.ValueCodec.mapper().convertValue(new Tagged("x"), Object.class))
                            .isEqualTo("tagged:x");
                });
        assertThat(dev.tractor.wire.ValueCodec.mapper().convertValue(new Tagged("x"), Object.class))
                .isInstanceOf(java.util.Map.class);
    }

    /** A value whose customised form is text. */
    record Tagged(String tag) {
    }

    /** A customizer that records when it ran; the second maps {@link Tagged} as text. */
    record OrderedCustomizer(int rank, java.util.List<String> order)
            implements dev.tractor.ValueMapperCustomizer, org.springframework.core.Ordered {

        @Override
        public void customize(com.fasterxml.jackson.databind.ObjectMapper mapper) {
            order.add(Integer.toString(rank));
            if (rank == 2) {
                mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                        .addSerializer(Tagged.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase(
                                Tagged.class) {
                            @Override
                            public String valueToString(Object value) {
                                return "tagged:" + ((Tagged) value).tag();
                            }
                        }));
            }
        }

        @Override
        public int getOrder() {
            return rank;
        }
    }

    @Test
    void theActorIsNamedAfterTheApplicationUnlessTractorNameIsSet() {
        runner.withPropertyValues("spring.application.name=shop").run(context ->
                assertThat(context.getBean(ActorRuntime.class).uid().name()).isEqualTo("shop"));
        runner.withPropertyValues("spring.application.name=shop", "tractor.name=till").run(context ->
                assertThat(context.getBean(ActorRuntime.class).uid().name()).isEqualTo("till"));
    }

    @Test
    void anSslBundleThatDoesNotExistFailsTheStartNamingTheProperty() {
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("tractor.ssl.bundle=nowhere").run(context ->
                        assertThat(context).hasFailed().getFailure()
                                .hasStackTraceContaining("tractor.ssl.bundle names the SSL bundle 'nowhere'")
                                .hasStackTraceContaining("spring.ssl.bundle.pem.nowhere"));
    }

    @Test
    void theConfigurationNeverShowsTheCookie() {
        runner.withPropertyValues("tractor.cookie=very-secret-cookie").run(context ->
                assertThat(context.getBean(TractorConfig.class).toString()).doesNotContain("very-secret-cookie"));
    }

    @Test
    void canBeDisabled() {
        runner.withPropertyValues("tractor.enabled=false").withBean(TestFunctions.Calc.class).run(context ->
                assertThat(context).doesNotHaveBean(ActorRuntime.class).doesNotHaveBean(ActorNurseryFactory.class)
                        .doesNotHaveBean(ActorFunctionRegistry.class).doesNotHaveBean(TractorConfig.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnBeans() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasSingleBean(ActorRuntime.class).doesNotHaveBean(ManagedActorRuntime.class);
            assertThat(context.getBean(ActorRuntime.class).uid().name()).isEqualTo("mine");
            assertThat(context.getBean(ActorNurseryFactory.class)).isSameAs(OwnBeans.FACTORY);
            assertThat(context.getBean(TractorConfig.class).name()).isEqualTo("own-config");
            assertThat(context.getBean(SpawnBackend.class)).isInstanceOf(JvmSpawnBackend.class);
        });
    }

    @Test
    void theRuntimeUsesTheApplicationsOwnConfig() {
        runner.withBean(TractorConfig.class, () -> TractorConfig.builder().name("configured").registry("127.0.0.1", 0).build())
                .run(context -> assertThat(context.getBean(ActorRuntime.class).uid().name()).isEqualTo("configured"));
    }

    @Test
    void bindsEveryProperty() {
        runner.withPropertyValues("tractor.name=app", "tractor.registry.host=localhost", "tractor.registry.port=0",
                "tractor.bind-host=127.0.0.1", "tractor.transport=tcp", "tractor.cookie=s3cret",
                "tractor.cancel-grace-period=1500ms", "tractor.spawn.timeout=12s",
                "tractor.spawn.jvm-args=-Xmx64m,-XX:+UseSerialGC", "tractor.spawn.warm-pool-size=2",
                "tractor.stream.window=64", "tractor.max-frame-size=1MB", "tractor.limits.tasks-per-peer=100",
                "tractor.limits.outbound-buffer=256KB", "tractor.limits.unopened-stream-timeout=7s",
                "tractor.limits.registry-entries=500", "tractor.heartbeat.interval=2s",
                "tractor.heartbeat.tolerance=20s", "tractor.spawn.class-data-cache.directory=/tmp/tractor-cds-test",
                "tractor.cookie-file=/tmp/tractor-cookie-file-test/cookie")
                .run(context -> {
                    TractorConfig config = context.getBean(TractorConfig.class);
                    assertThat(config.name()).isEqualTo("app");
                    assertThat(config.registryHost()).isEqualTo("localhost");
                    assertThat(config.registryPort()).isZero();
                    assertThat(config.bindHost()).isEqualTo("127.0.0.1");
                    assertThat(config.transport()).isEqualTo(Transport.TCP);
                    assertThat(config.cookie()).isEqualTo("s3cret");
                    assertThat(config.cancelGracePeriod()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(config.spawnTimeout()).isEqualTo(Duration.ofSeconds(12));
                    assertThat(config.jvmArgs()).containsExactly("-Xmx64m", "-XX:+UseSerialGC");
                    assertThat(config.warmPoolSize()).isEqualTo(2);
                    assertThat(config.streamWindow()).isEqualTo(64);
                    assertThat(config.maxFrameBytes()).isEqualTo(1024 * 1024);
                    assertThat(config.limits()).isEqualTo(new Limits(100, 256 * 1024, Duration.ofSeconds(7), 500));
                    assertThat(config.heartbeat()).isEqualTo(new Heartbeat(Duration.ofSeconds(2), Duration.ofSeconds(20)));
                    assertThat(config.classDataCache()).isEqualTo(java.nio.file.Path.of("/tmp/tractor-cds-test"));
                    assertThat(config.cookieFile())
                            .isEqualTo(java.nio.file.Path.of("/tmp/tractor-cookie-file-test/cookie"));
                });
        // a configured cookie wins: the file is never read nor created
        assertThat(java.nio.file.Path.of("/tmp/tractor-cookie-file-test/cookie")).doesNotExist();
    }

    @Test
    void bindsSeveralRegistrarsAndTheAdvertisedAddress() throws Exception {
        int first;
        int second;
        try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b = new java.net.ServerSocket(0)) {
            first = a.getLocalPort();
            second = b.getLocalPort();
        }
        runner.withPropertyValues("tractor.registry.addresses=127.0.0.1:" + first + ",tcp://127.0.0.1:" + second,
                        "tractor.advertise-host=127.0.0.1", "tractor.advertise-port=" + first, "tractor.bind-port=0")
                .run(context -> {
                    TractorConfig config = context.getBean(TractorConfig.class);
                    assertThat(config.registryAddresses()).containsExactly(
                            dev.tractor.Address.tcp("127.0.0.1", first), dev.tractor.Address.tcp("127.0.0.1", second));
                    assertThat(config.advertiseHost()).isEqualTo("127.0.0.1");
                    assertThat(config.advertisePort()).isEqualTo(first);
                    ActorRuntime runtime = context.getBean(ActorRuntime.class);
                    assertThat(runtime.isRegistrar()).as("it serves the first registry address").isTrue();
                    assertThat(runtime.address()).isEqualTo(dev.tractor.Address.tcp("127.0.0.1", first));
                });
    }

    @Test
    void aRegistryAddressThatIsNotHostColonPortFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("tractor.registry.addresses=registrar.example,::1:1616").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("registry.addresses[0]").contains("'registrar.example' is not host:port")
                    .contains("registry.addresses[1]").contains("[::1]:1616");
        });
    }

    /**
     * Without {@code tractor.cookie}, the root reads its cookie from the file {@code tractor.cookie-file} names,
     * creating it owner-only on first use, and a peer holding that file's cookie is served.
     */
    @Test
    void withoutACookieTheRootReadsTheFileTractorCookieFileNames(@org.junit.jupiter.api.io.TempDir
                                                                  java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("shared").resolve("cookie");
        runner.withPropertyValues("tractor.cookie-file=" + file).run(context -> {
            assertThat(context.getBean(TractorConfig.class).cookieFile()).isEqualTo(file);
            assertThat(context.getBean(TractorConfig.class).toString()).contains("cookie=(from " + file + ")");
            assertThat(file).exists();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            ActorRuntime runtime = context.getBean(ActorRuntime.class);
            String cookie = java.nio.file.Files.readString(file).strip();
            try (ActorRuntime peer = dev.tractor.Tractor.openRoot(TractorConfig.builder().name("peer")
                    .registry("127.0.0.1", 0).cookie(cookie).build())) {
                assertThat(peer.connect(runtime.address()).run("self", "ping", java.util.Map.of()).toString())
                        .startsWith("[" + runtime.uid().name() + ", ");
            }
        });
    }

    @Test
    void theClassDataArchiveIsOnByDefaultAndCanBeTurnedOff() {
        runner.run(context -> assertThat(context.getBean(TractorConfig.class).classDataCache()).isNotNull());
        runner.withPropertyValues("tractor.spawn.class-data-cache.enabled=false")
                .run(context -> assertThat(context.getBean(TractorConfig.class).classDataCache()).isNull());
    }

    @Test
    void defaultsMatchTheCore() {
        runner.run(context -> {
            TractorConfig config = context.getBean(TractorConfig.class);
            TractorConfig core = TractorConfig.builder().build();
            assertThat(config).usingRecursiveComparison().ignoringFields("cookie", "registryPort").isEqualTo(core);
            assertThat(new TractorProperties().getRegistry().getPort()).isEqualTo(1616);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tractor.cancel-grace-period=-1s | tractor.cancel-grace-period must be a positive duration | must be",
        "tractor.spawn.timeout=0s        | tractor.spawn.timeout must be a positive duration | must be",
        "tractor.registry.port=70000     | tractor.registry.port must be between 0 and 65535 | must be",
        "tractor.stream.window=0         | tractor.stream.window must be between 1 and 1048576 | must be",
        "tractor.max-frame-size=10B      | tractor.max-frame-size must be between 1KB and 2GB | must be",
        "tractor.spawn.warm-pool-size=-1 | tractor.spawn.warm-pool-size must be between 0 and 64 | must be between 0 and 64",
        "tractor.transport=quic          | tractor.transport | quic",
        "tractor.limits.tasks-per-peer=0 | tractor.limits.tasks-per-peer must be between 1 and | must be between 1 and",
        "tractor.limits.outbound-buffer=1KB | tractor.limits.outbound-buffer must be between 64KB and 2GB | must be between 64KB and 2GB",
        "tractor.limits.registry-entries=0 | tractor.limits.registry-entries must be between 1 and | must be between 1 and",
        "tractor.heartbeat.tolerance=10s | tractor.heartbeat.tolerance must be at least three heartbeat intervals | must be",
        "tractor.heartbeat.interval=0s   | tractor.heartbeat.interval must be a positive duration | must be",
    })
    void badValuesFailTheStartNamingTheProperty(String property, String field, String reason) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(field).contains(reason);
        });
    }

    @Test
    void discoversFunctionsUnderTheirNamespaceOrTheBeanName() {
        runner.withBean(TestFunctions.Calc.class).withBean("feeds", TestFunctions.Feeds.class)
                .withBean("echo", TestFunctions.Echo.class).run(context -> {
                    ActorFunctionRegistry registry = context.getBean(ActorFunctionRegistry.class);
                    assertThat(registry.namespaces()).containsExactly("calc", "echo", "feeds");
                    assertThat(registry.find("calc", "square")).hasValueSatisfying(f -> {
                        assertThat(f.functype()).isEqualTo("asyncfunc");
                        assertThat(f.parameters()).containsExactly(new ActorFunctionDescriptor.Parameter("x", "int"));
                    });
                    assertThat(registry.find("feeds", "count")).get()
                            .extracting(ActorFunctionDescriptor::functype, ActorFunctionDescriptor::beanName)
                            .containsExactly("asyncgen", "feeds");
                    assertThat(registry.find("echo", "server")).get()
                            .satisfies(f -> assertThat(f.functype()).isEqualTo("context"))
                            .satisfies(f -> assertThat(f.parameters()).extracting(ActorFunctionDescriptor.Parameter::name)
                                    .containsExactly("start"));
                });
    }

    @Test
    void callsReachBeansThroughTheirAopProxiesWithTheActorInTheMdc() {
        TestFunctions.Proxying proxying = new TestFunctions.Proxying();
        runner.withBean(TestFunctions.Proxying.class, () -> proxying).withBean(TestFunctions.Calc.class)
                .withBean(TestFunctions.Named.class).run(context -> {
                    ActorRuntime runtime = context.getBean(ActorRuntime.class);
                    Portal self = runtime.connect(runtime.address());
                    assertThat(self.run("calc", "square", Map.of("x", 7), Integer.class)).isEqualTo(49);
                    assertThat(proxying.advised).hasValue(1);
                    assertThat(self.run("calc", "mdcActor", Map.of(), String.class)).isEqualTo("root");
                    assertThat(self.run("named", "name", Map.of("who", "x"), String.class)).isEqualTo("named x");
                });
    }

    @Test
    void duplicateFunctionsFailTheStartNamingBothBeans() {
        runner.withBean("calcOne", TestFunctions.Calc.class).withBean("calcTwo", TestFunctions.OtherCalc.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("Duplicate actor function 'calc.square'")
                            .contains("bean 'calcOne'").contains("bean 'calcTwo'");
                });
    }

    @Test
    void inAChildContextTheRuntimeWaitsToConnectBackAndRootOnlyBeansAreLeftOut() {
        TractorConfig inherited = TractorConfig.builder().name("kid").cookie("c").streamWindow(8).build();
        ChildActorLaunch launch = new ChildActorLaunch(new ActorUid("kid", "u-1"), Address.tcp("127.0.0.1", 1), inherited);
        runner.withInitializer(launch::registerIn).withUserConfiguration(RootOnly.class).run(context -> {
            ManagedActorRuntime runtime = context.getBean(ManagedActorRuntime.class);
            assertThat(runtime.isChild()).isTrue();
            assertThat(runtime.isAutoStartup()).isFalse();
            assertThat(runtime.isRunning()).isFalse();
            assertThat(runtime.config()).isSameAs(inherited);
            assertThat(context.getBean(TractorConfig.class)).isSameAs(inherited);
            assertThat(context).doesNotHaveBean("rootOnly");
        });
        runner.withUserConfiguration(RootOnly.class).run(context -> assertThat(context).hasBean("rootOnly"));
    }

    private static String messages(Throwable failure) {
        List<String> all = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", all);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final ActorNurseryFactory FACTORY = () -> {
            throw new UnsupportedOperationException();
        };

        @Bean(destroyMethod = "close")
        ActorRuntime myRuntime() {
            return Tractor.openRoot(TractorConfig.builder().name("mine").registry("127.0.0.1", 0).build());
        }

        @Bean
        ActorNurseryFactory myNurseries() {
            return FACTORY;
        }

        @Bean
        TractorConfig myConfig() {
            return TractorConfig.builder().name("own-config").build();
        }

        @Bean
        SpawnBackend mySpawner() {
            return new JvmSpawnBackend();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RootOnly {
        @Bean
        @ConditionalOnRootActor
        String rootOnly() {
            return "only in the root";
        }
    }
}
