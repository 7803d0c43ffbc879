package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.NoSuchFunction;
import dev.tractor.Portal;
import dev.tractor.RemoteActorError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.Transport;
import dev.tractor.testing.Calc;
import dev.tractor.testing.CalcApi;
import dev.tractor.testing.NoLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Calls from a root to one real child JVM, shared by the tests of a subclass; each subclass runs the
 * whole suite over one transport.
 */
@ExtendWith(NoLeaks.PerClass.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class CallSuite {

    ActorRuntime root;
    ActorNursery nursery;
    Portal calc;

    /** The transport every actor of the suite listens on. */
    abstract Transport transport();

    @BeforeAll
    void startChild() {
        root = Tractor.openRoot(TractorConfig.builder().name("root").enableModules(Calc.class)
                .transport(transport()).build());
        nursery = root.openNursery();
        calc = nursery.startActor("calc");
    }

    @Test
    void everyActorListensOnTheSuitesTransport() {
        assertThat(root.address().transport()).isEqualTo(transport().wireName());
        String childAddress = (String) calc.run("self", "status", Map.of(), Map.class).get("address");
        assertThat(childAddress).startsWith(transport().wireName() + "://");
    }

    @AfterAll
    void stop() {
        try {
            nursery.close();
        } finally {
            root.close();
        }
    }

    @Test
    void anActorCallsItselfThroughItsOwnAddressAndByItsName() {
        Portal self = root.connect(root.address());
        assertThat(self.uid()).isEqualTo(root.uid());
        assertThat(self.run("calc", "square", Map.of("x", 9))).isEqualTo(81);
        assertThat(root.findActor("root").orElseThrow().run("self", "ping", Map.of()))
                .isEqualTo(List.of(root.uid().name(), root.uid().uuid()));
    }

    @Test
    void runsAPlainFunctionInTheChild() {
        assertThat(calc.run("calc", "square", Map.of("x", 7), Integer.class)).isEqualTo(49);
        assertThat(calc.run("calc", "add", Map.of("a", 2, "b", 40))).isEqualTo(42);
        assertThat(calc.run("calc", "whoami", Map.of(), String.class)).isEqualTo("calc");
        assertThat(calc.uid().name()).isEqualTo("calc");
    }

    @Test
    void mapsRecordsMapsAndListsBothWays() {
        Calc.Point moved = calc.run("calc", "move",
                Map.of("p", new Calc.Point(1, 2, new byte[] {7, 8}), "dx", 10), Calc.Point.class);
        assertThat(moved.x()).isEqualTo(11);
        assertThat(moved.y()).isEqualTo(2);
        assertThat(moved.tag()).containsExactly(7, 8);
        Map<String, Object> nested = Map.of("a", List.of(1, 2L << 40, "s"), "b", Map.of("c", 1.5));
        assertThat(calc.run("calc", "echoMap", Map.of("value", nested))).isEqualTo(
                Map.of("a", List.of(1, 2L << 40, "s"), "b", Map.of("c", 1.5)));
        assertThat(calc.run("calc", "range", Map.of("n", 3))).isEqualTo(List.of(0, 1, 2));
    }

    @Test
    void typedCallsWithAProxyAndWithMethodReferences() {
        CalcApi api = calc.proxy(CalcApi.class);
        assertThat(api.square(9)).isEqualTo(81);
        assertThat(api.add(1, 2)).isEqualTo(3);
        int viaRef = calc.run(Calc::square, 12);
        assertThat(viaRef).isEqualTo(144);
        int sum = calc.run(Calc::add, 20, 22);
        assertThat(sum).isEqualTo(42);
        assertThat(calc.run(Calc::whoami)).isEqualTo("calc");
    }

    @Test
    void aRemoteExceptionArrivesWithTypeMessageTracebackAndSource() {
        assertThatThrownBy(() -> calc.run("calc", "fail", Map.of("message", "boom")))
                .isInstanceOfSatisfying(RemoteActorError.class, e -> {
                    assertThat(e.remoteType()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(e.remoteMessage()).isEqualTo("boom");
                    assertThat(e.remoteTraceback()).contains("Calc.fail");
                    assertThat(e.source()).isEqualTo(calc.uid());
                    assertThat(e.getMessage()).contains("calc.fail", "calc", "boom");
                });
        assertThat(calc.run("calc", "square", Map.of("x", 3))).isEqualTo(9);
    }

    @Test
    void unknownOrHiddenFunctionsAnswerNoSuchFunction() {
        for (String[] call : new String[][] {{"nope", "square"}, {"calc", "nope"}, {"calc", "hidden"},
                {"calc", "toString"}, {"calc", "getClass"}}) {
            assertThatThrownBy(() -> calc.run(call[0], call[1], Map.of()))
                    .isInstanceOfSatisfying(RemoteActorError.class,
                            e -> assertThat(e.remoteType()).isEqualTo(NoSuchFunction.class.getName()));
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThatThrownBy(() -> calc.run("calc", "square", Map.of()))
                .isInstanceOf(RemoteActorError.class).hasMessageContaining("missing argument 'x'");
        assertThatThrownBy(() -> calc.run("calc", "square", Map.of("x", 1, "y", 2)))
                .isInstanceOf(RemoteActorError.class).hasMessageContaining("no parameter 'y'");
        assertThatThrownBy(() -> calc.run("calc", "square", Map.of("x", "seven")))
                .isInstanceOf(RemoteActorError.class).hasMessageContaining("argument 'x'");
    }

    @Test
    void aChildCanCallItsCallerBackOverTheSameConnection() {
        ActorRuntime rootRuntime = root;
        assertThat(rootRuntime).isNotNull();
        assertThat(calc.run("calc", "squareViaCaller", Map.of("x", 5), Integer.class)).isEqualTo(25);
    }

    @Test
    void builtInSelfFunctions() {
        assertThat(calc.run("self", "ping", Map.of())).isEqualTo(List.of("calc", calc.uid().uuid()));
        @SuppressWarnings("unchecked")
        Map<String, Object> status = calc.run("self", "status", Map.of(), Map.class);
        assertThat(status).containsKeys("uid", "pid", "address", "uptime", "tasks", "children", "counters");
        assertThat(((Number) status.get("pid")).longValue()).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void aThousandConcurrentCallsFromVirtualThreadsAllGetTheirOwnAnswer() throws Exception {
        int n = 1000;
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        List<Throwable> errors = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int x = i;
            Thread.ofVirtual().start(() -> {
                try {
                    answers.put(x, calc.run("calc", "square", Map.of("x", x), Integer.class));
                } catch (Throwable t) {
                    synchronized (errors) {
                        errors.add(t);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(errors).isEmpty();
        assertThat(answers).hasSize(n);
        answers.forEach((x, y) -> assertThat(y).isEqualTo(x * x));
    }

    @Test
    void interruptingACallerCancelsTheRemoteTaskAndRaisesPromptly() throws Exception {
        Thread caller = Thread.ofVirtual().unstarted(() -> calc.run("calc", "sleep", Map.of("millis", 30_000)));
        List<Throwable> raised = new ArrayList<>();
        caller.setUncaughtExceptionHandler((t, e) -> raised.add(e));
        caller.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runningTasks() == 1);
        long t0 = System.nanoTime();
        caller.interrupt();
        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(raised).singleElement().isInstanceOf(TractorException.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> runningTasks() == 0);
    }

    /** Tasks running in the child, other than the status call itself. */
    private int runningTasks() {
        @SuppressWarnings("unchecked")
        Map<String, Object> status = calc.run("self", "status", Map.of(), Map.class);
        return (int) ((List<?>) status.get("tasks")).stream()
                .filter(t -> !String.valueOf(((Map<?, ?>) t).get("function")).equals("self.status")).count();
    }
}
