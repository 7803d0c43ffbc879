package dev.tractor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ActorStartFailed;
import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.TractorException;
import dev.tractor.spring.sample.GreetingsApi;
import dev.tractor.spring.sample.LedgerController;
import dev.tractor.spring.sample.SampleApplication;
import dev.tractor.testing.NoLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A child actor is a child JVM booting the same Spring Boot application: its beans answer calls in
 * every style, with their dependencies injected, and a bean that fails in the child fails the spawn.
 * One child is shared by the tests of this class; no process is left afterwards.
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(classes = SampleApplication.class, properties = {"tractor.name=parent", "tractor.stream.window=64", "tractor.registry.port=0"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChildSpringContextIntegrationTests {

    @Autowired
    private ActorNurseryFactory nurseries;

    @Autowired
    private ActorRuntime runtime;

    @Autowired
    private org.springframework.context.ApplicationContext root;

    private ActorNursery nursery;
    private Portal worker;

    @BeforeAll
    void startAChildContext() {
        nursery = nurseries.open();
        worker = nursery.startActor("worker");
    }

    @AfterAll
    void closeTheNursery() {
        if (nursery != null) {
            nursery.close();
        }
    }

    @Test
    void aBeanFunctionInTheChildUsesItsAutowiredBeans() {
        assertThat(worker.run("greetings", "greet", Map.of("name", "Ada"), String.class))
                .isEqualTo("Hello, Ada from worker");
        assertThat(worker.proxy(GreetingsApi.class).greet("Bob")).isEqualTo("Hello, Bob from worker");
    }

    @Test
    void aBeanStreamsFromTheChild() {
        List<String> items = new ArrayList<>();
        try (ReceiveStream<String> stream = worker.openStreamFrom("greetings", "count", Map.of("to", 3), String.class)) {
            stream.forEach(items::add);
        }
        assertThat(items).containsExactly("Hello, #0", "Hello, #1", "Hello, #2");
    }

    @Test
    void aBeanServesAContextInTheChild() {
        try (ContextHandle ctx = worker.openContext("greetings", "shout", Map.of("prefix", "> "))) {
            assertThat(ctx.started(String.class)).isEqualTo("> ready");
            try (MsgStream<String> stream = ctx.openStream(String.class)) {
                stream.send("hi");
                assertThat(stream.receive()).isEqualTo("> HI");
                stream.send("there");
                assertThat(stream.receive()).isEqualTo("> THERE");
            }
            assertThat(ctx.result(Integer.class)).isEqualTo(2);
        }
    }

    @Test
    void theChildIsAnotherProcessWithTheParentsSettingsAndItsNameInTheMdc() {
        @SuppressWarnings("unchecked")
        Map<String, Object> child = worker.run("greetings", "whoami", Map.of(), Map.class);
        assertThat(child).containsEntry("actor", "worker").containsEntry("mdcActor", "worker")
                .containsEntry("mdcUid", worker.uid().uuid()).containsEntry("propertyName", "worker")
                .containsEntry("streamWindow", 64);
        assertThat(((Number) child.get("pid")).longValue()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid))
                .contains(((Number) child.get("pid")).longValue());
        assertThat(runtime.uid().name()).isEqualTo("parent");
    }

    @Test
    void aChildBuildsWhatItsFunctionsNeedSoARootOnlyDependencyElsewhereCannotBreakIt() {
        @SuppressWarnings("unchecked")
        Map<String, Object> child = worker.run("greetings", "whoami", Map.of(), Map.class);
        assertThat(child).as("LedgerController needs a @ConditionalOnRootActor bean; the child never creates it")
                .containsEntry("ledgerControllerCreated", false);
        assertThat(root.getBean(LedgerController.class).owner()).isEqualTo("root");
    }

    @Test
    void cancellingWhileASpringChildIsStillStartingKillsItWithoutWaitingForItsBoot() throws Exception {
        try (ActorNursery other = nurseries.open()) {
            Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            CompletableFuture<Portal> starting = CompletableFuture.supplyAsync(() -> other.startActor("slow-child"));
            Awaitility.await("the slow child's JVM").atMost(Duration.ofSeconds(20)).until(() ->
                    ProcessHandle.current().children().anyMatch(p -> !before.contains(p.pid())));
            long t0 = System.nanoTime();
            other.cancel();
            assertThatThrownBy(() -> starting.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(TractorException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("not the 60 s its context takes")
                    .isLessThan(Duration.ofSeconds(10));
        }
        assertThat(nursery.children()).extracting(p -> p.uid().name()).containsExactly("worker");
    }

    @Test
    void aBeanThatFailsInTheChildFailsTheSpawnWithTheChildsError() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> nursery.startActor("broken-child"))
                .isInstanceOf(ActorStartFailed.class)
                .hasMessageContaining("broken-child")
                .hasMessageContaining("refusing to start an actor called broken-child");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);
        assertThat(nursery.children()).extracting(p -> p.uid().name()).containsExactly("worker");
    }
}
