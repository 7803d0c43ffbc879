package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tractor.ActorRuntime;
import dev.tractor.ContextCancelled;
import dev.tractor.ContextHandle;
import dev.tractor.EndOfStream;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import dev.tractor.RemoteActorError;
import dev.tractor.TractorException;
import dev.tractor.testing.EchoServer;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.RemoteTasks;
import dev.tractor.testing.SharedChild;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Context functions and remote task cancellation, in one real child JVM shared by the tests of this class. */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextTests {

    static SharedChild shared;
    static ActorRuntime root;
    static Portal echo;

    @BeforeAll
    static void startChild() {
        shared = SharedChild.start(SharedChild.streamConfig().build(), "echo");
        root = shared.root();
        echo = shared.child();
    }

    @AfterAll
    static void stop() {
        shared.close();
    }

    /** Every test leaves the child with no task running and the root with no call waiting. */
    @AfterEach
    void nothingLeftRunning() {
        shared.assertIdle();
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static long count(String key) {
        return echo.run("obs", "count", Map.of("key", key), Long.class);
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(String key) {
        return echo.run("obs", "notes", Map.of("key", key), List.class);
    }

    @Test
    void startedUnblocksTheCallerWhileTheCalleeKeepsRunning() {
        String key = key();
        try (ContextHandle ctx = echo.openContext("echo", "startThenWait", Map.of("value", "ready", "key", key))) {
            assertThat(ctx.started(String.class)).isEqualTo("ready");
            assertThat(ctx.started()).isEqualTo("ready");
            assertThat(RemoteTasks.running(echo)).containsExactly("echo.startThenWait");
            echo.run("obs", "open", Map.of("key", key));
            assertThat(ctx.result(String.class)).isEqualTo("ready!");
            assertThat(ctx.result()).isEqualTo("ready!");
        }
    }

    @Test
    void echoesTenThousandMessagesOverABidirectionalStream() throws Exception {
        int n = 10_000;
        try (ContextHandle ctx = echo.openContext("echo", "echo", Map.of("start", 7))) {
            assertThat(ctx.started(Integer.class)).isEqualTo(7);
            try (MsgStream<Integer> s = ctx.openStream(Integer.class)) {
                AtomicReference<Throwable> sendError = new AtomicReference<>();
                Thread sender = Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < n; i++) {
                            s.send(i);
                        }
                    } catch (Throwable t) {
                        sendError.set(t);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(s.receive()).isEqualTo(i);
                }
                assertThat(sender.join(Duration.ofSeconds(10))).isTrue();
                assertThat(sendError.get()).isNull();
            }
            assertThat(ctx.result(Integer.class)).isEqualTo(n);
        }
    }

    @Test
    void closingAContextStreamSendsStopAndTheCalleeReturnsNormally() {
        String key = key();
        try (ContextHandle ctx = echo.openContext("echo", "sum", Map.of("key", key))) {
            ctx.started();
            MsgStream<Object> s = ctx.openStream(Object.class);
            for (long i = 1; i <= 100; i++) {
                s.send(i);
            }
            s.close();
            assertThat(ctx.result(Long.class)).isEqualTo(5050L);
        }
        assertThat(count(key + ".received")).isEqualTo(100);
        assertThat(notes(key)).containsExactly("caller stopped, returning normally");
    }

    @Test
    void resultEndsAStreamLeftOpen() {
        try (ContextHandle ctx = echo.openContext("echo", "sum", Map.of("key", key()))) {
            MsgStream<Object> s = ctx.openStream(Object.class);
            s.send(40L);
            s.send(2L);
            assertThat(ctx.result(Long.class)).isEqualTo(42L);
        }
    }

    @Test
    void aCalleeThatClosesItsStreamEndsTheCallersIteration() {
        try (ContextHandle ctx = echo.openContext("echo", "sendUnread", Map.of("n", 1000))) {
            assertThat(ctx.started(Integer.class)).isEqualTo(1000);
            List<Integer> got = new ArrayList<>();
            try (MsgStream<Integer> s = ctx.openStream(Integer.class)) {
                s.forEach(got::add);
                assertThatThrownBy(s::receive).isInstanceOf(EndOfStream.class);
            }
            assertThat(got).hasSize(1000).startsWith(0, 1, 2).endsWith(998, 999);
            assertThat(ctx.result(Integer.class)).isEqualTo(1000);
        }
    }

    @Test
    void closingWithoutOpeningTheStreamEndsACalleeThatReadsIt() {
        try (ContextHandle ctx = echo.openContext("echo", "echo", Map.of("start", 3))) {
            assertThat(ctx.started()).isEqualTo(3);
        }
        try (ContextHandle ctx = echo.openContext("echo", "sum", Map.of("key", key()))) {
            assertThat(ctx.result(Long.class)).isZero();
        }
    }

    @Test
    void cancelCancelsTheRemoteTaskAndResultThrowsContextCancelled() {
        String key = key();
        ContextHandle ctx = echo.openContext("echo", "startThenWait", Map.of("value", "v", "key", key));
        assertThat(ctx.started()).isEqualTo("v");
        ctx.cancel();
        assertThatThrownBy(ctx::result).isInstanceOfSatisfying(ContextCancelled.class, e -> {
            assertThat(e.getMessage()).contains("echo.startThenWait").contains(root.uid().toString());
            assertThat(e.source()).isEqualTo(echo.uid());
        });
        assertThatThrownBy(ctx::result).isInstanceOf(ContextCancelled.class);
        ctx.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> notes(key).size() == 1);
        assertThat(notes(key)).containsExactly("interrupted while waiting, cancelled=true");
    }

    @Test
    void closeAfterOwnCancelDoesNotThrow() {
        String key = key();
        try (ContextHandle ctx = echo.openContext("echo", "startThenWait", Map.of("value", "v", "key", key))) {
            ctx.started();
            ctx.cancel();
        }
        assertThat(notes(key)).containsExactly("interrupted while waiting, cancelled=true");
    }

    @Test
    void closeWithoutTheResultCancelsTheRemoteTaskInsteadOfWaitingForIt() {
        String key = key();
        ContextHandle ctx = echo.openContext("echo", "startThenWait", Map.of("value", "w", "key", key));
        ctx.started();
        long t0 = System.nanoTime();
        ctx.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThatThrownBy(ctx::result).isInstanceOf(TractorException.class)
                .hasMessageContaining("closed before result() was taken");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(notes(key))
                .containsExactly("interrupted while waiting, cancelled=true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"receive", "send", "sleep", "lock"})
    void cancelInterruptsTheTaskWhereverItBlocks(String where) {
        String key = key();
        ContextHandle ctx = echo.openContext("echo", "blockIn", Map.of("where", where, "key", key));
        assertThat(ctx.started()).isEqualTo(where);
        MsgStream<Object> s = where.equals("receive") ? ctx.openStream(Object.class) : null;
        await().atMost(Duration.ofSeconds(5)).until(() -> notes(key).contains("blocking"));
        if (where.equals("send")) {
            // the callee has used up its window: the caller reads nothing
            await().atMost(Duration.ofSeconds(5)).until(() -> count(key + ".sent") == 256);
        }
        ctx.cancel();
        if (s != null) {
            assertThatThrownBy(s::receive).isInstanceOf(ContextCancelled.class);
        }
        assertThatThrownBy(ctx::result).isInstanceOfSatisfying(ContextCancelled.class, e ->
                assertThat(e.getMessage()).contains("echo.blockIn", "cancelled by", root.uid().toString()));
        ctx.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> notes(key).size() == 2);
        assertThat(notes(key).get(1)).startsWith("interrupted in " + where + ":").endsWith("cancelled=true");
    }

    @Test
    void aContextCancelledMidStreamFailsTheCallersReceiveAndTheCalleeSeesTheInterrupt() {
        String key = key();
        ContextHandle ctx = echo.openContext("echo", "sum", Map.of("key", key));
        ctx.started();
        MsgStream<Object> s = ctx.openStream(Object.class);
        for (long i = 0; i < 50; i++) {
            s.send(i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> count(key + ".received") == 50);
        ctx.cancel();
        assertThatThrownBy(s::receive).isInstanceOf(ContextCancelled.class);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10_000; i++) {
                s.send(i);
            }
        }).isInstanceOf(ContextCancelled.class).hasMessageContaining("echo.sum").hasMessageContaining("cancelled by");
        assertThatThrownBy(ctx::result).isInstanceOf(ContextCancelled.class);
        ctx.close();
        assertThat(notes(key)).containsExactly("receive raised TractorException, interrupted=true, cancelled=true");
        assertThat(count(key + ".received")).isEqualTo(50);
    }

    @Test
    void cancellingATaskThatAlreadyFinishedIsHarmless() {
        try (ContextHandle ctx = echo.openContext("echo", "neverOpens", Map.of("millis", 0))) {
            assertThat(ctx.result(Long.class)).isZero();
            ctx.cancel();
            ctx.cancel();
            assertThat(ctx.result(Long.class)).isZero();
        }
        assertThat(echo.run("self", "cancelTask", Map.of("cid", UUID.randomUUID().toString()))).isEqualTo(true);
        try (var s = echo.openStreamFrom("feeds", "count", Map.of("to", 2), Integer.class)) {
            assertThat(s).containsExactly(0, 1);
        }
        assertThat(echo.run("self", "ping", Map.of())).isEqualTo(List.of("echo", echo.uid().uuid()));
    }

    @Test
    void aContextHasOneStream() {
        try (ContextHandle ctx = echo.openContext("echo", "echo", Map.of("start", 0))) {
            ctx.openStream(Object.class).close();
            assertThatThrownBy(() -> ctx.openStream(Object.class)).isInstanceOf(TractorException.class)
                    .hasMessageContaining("one stream");
            assertThat(ctx.result(Integer.class)).isZero();
            assertThatThrownBy(() -> ctx.openStream(Object.class)).isInstanceOf(TractorException.class)
                    .hasMessageContaining("cannot be opened after result()");
        }
        try (ContextHandle ctx = echo.openContext("echo", "openTwice", Map.of())) {
            ctx.started();
            assertThatThrownBy(ctx::result).isInstanceOfSatisfying(RemoteActorError.class, e -> {
                assertThat(e.remoteType()).isEqualTo(TractorException.class.getName());
                assertThat(e.remoteMessage()).contains("one stream");
            });
        }
    }

    @Test
    void misuseInsideAContextFailsTheCalleesTask() {
        try (ContextHandle ctx = echo.openContext("echo", "startedTwice", Map.of())) {
            assertThat(ctx.started()).isEqualTo(1);
            assertThatThrownBy(ctx::result).isInstanceOfSatisfying(RemoteActorError.class, e -> {
                assertThat(e.remoteType()).isEqualTo(TractorException.class.getName());
                assertThat(e.remoteMessage()).contains("started", "twice", "echo.startedTwice");
            });
        }
        try (ContextHandle ctx = echo.openContext("echo", "streamBeforeStarted", Map.of())) {
            assertThatThrownBy(ctx::started).isInstanceOfSatisfying(RemoteActorError.class, e ->
                    assertThat(e.remoteMessage()).contains("openStream", "before", "started"));
            assertThatThrownBy(ctx::result).isInstanceOf(RemoteActorError.class);
        }
        try (ContextHandle ctx = echo.openContext("echo", "neverStarted", Map.of())) {
            assertThatThrownBy(ctx::started).isInstanceOfSatisfying(RemoteActorError.class, e ->
                    assertThat(e.remoteMessage()).contains("without calling ctx.started"));
        }
        assertThat(echo.run("self", "ping", Map.of())).isNotNull();
    }

    @Test
    void callingAContextInTheWrongStyleNamesOpenContextAndCancelsTheTask() {
        String key = key();
        assertThatThrownBy(() -> echo.run("echo", "startThenWait", Map.of("value", "v", "key", key)))
                .isInstanceOf(TractorException.class).hasMessageContaining("portal.openContext");
        await().atMost(Duration.ofSeconds(5)).until(() -> notes(key).size() == 1);
        assertThatThrownBy(() -> echo.openContext("feeds", "count", Map.of("to", 3)))
                .isInstanceOf(TractorException.class).hasMessageContaining("portal.openStreamFrom");
        assertThatThrownBy(() -> echo.openContext("feeds", "plainSleep", Map.of("millis", 10_000)))
                .isInstanceOf(TractorException.class).hasMessageContaining("portal.run");
        assertThat(echo.run("self", "ping", Map.of())).isNotNull();
    }

    @Test
    void aSenderWhosePeerNeverOpensItsStreamFailsOnceThePeersTaskEnds() throws Exception {
        try (ContextHandle ctx = echo.openContext("echo", "neverOpens", Map.of("millis", 1000))) {
            ctx.started();
            MsgStream<Object> s = ctx.openStream(Object.class);
            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Throwable> raised = new AtomicReference<>();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        s.send("x");
                        sent.incrementAndGet();
                    }
                } catch (Throwable t) {
                    raised.set(t);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() == 256
                    && sender.getState() == Thread.State.WAITING);
            assertThat(sender.join(Duration.ofSeconds(10))).isTrue();
            assertThat(sent.get()).isEqualTo(256);
            assertThat(raised.get()).isInstanceOf(TractorException.class)
                    .hasMessageContaining("echo.neverOpens").hasMessageContaining("has ended");
            assertThat(ctx.result(Long.class)).isEqualTo(1000L);
        }
    }

    @Test
    void aCalleeSendingToACallerThatNeverOpensItsStreamIsNotHeldBackOnceTheCallerWaitsForTheResult() {
        try (ContextHandle ctx = echo.openContext("echo", "sendUnread", Map.of("n", 2000))) {
            assertThat(ctx.result(Integer.class)).isEqualTo(2000);
        }
    }

    @Test
    void aCalleeThatThrowsMidStreamFailsTheCallersReceive() {
        try (ContextHandle ctx = echo.openContext("echo", "failMidStream", Map.of("n", 3))) {
            ctx.started();
            List<Object> got = new ArrayList<>();
            try (MsgStream<Object> s = ctx.openStream(Object.class)) {
                assertThatThrownBy(() -> s.forEach(got::add)).isInstanceOfSatisfying(RemoteActorError.class, e -> {
                    assertThat(e.remoteType()).isEqualTo(IllegalArgumentException.class.getName());
                    assertThat(e.remoteMessage()).isEqualTo("context broke after 3 items");
                    assertThat(e.remoteTraceback()).contains("EchoServer.failMidStream");
                });
            }
            assertThat(got).containsExactly(0, 1, 2);
            assertThatThrownBy(ctx::result).isInstanceOf(RemoteActorError.class).hasMessageContaining("broke");
        }
    }

    @Test
    void twoHundredContextsAndThreeHundredStreamsAtOnceOnOneConnectionDoNotInterfere() throws Exception {
        int contexts = 200;
        int streams = 300;
        int messages = 50;
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(contexts + streams);
        for (int c = 0; c < contexts; c++) {
            int id = c;
            Thread.ofVirtual().start(() -> {
                try (ContextHandle ctx = echo.openContext("echo", "echo", Map.of("start", id))) {
                    go.await();
                    assertThat(ctx.started(Integer.class)).isEqualTo(id);
                    try (MsgStream<String> s = ctx.openStream(String.class)) {
                        for (int i = 0; i < messages; i++) {
                            s.send(id + ":" + i);
                            assertThat(s.receive()).isEqualTo(id + ":" + i);
                        }
                    }
                    assertThat(ctx.result(Integer.class)).isEqualTo(messages);
                    ok.incrementAndGet();
                } catch (Throwable t) {
                    errors.add(t);
                } finally {
                    done.countDown();
                }
            });
        }
        for (int c = 0; c < streams; c++) {
            int n = 100 + c;
            Thread.ofVirtual().start(() -> {
                try (var s = echo.openStreamFrom("feeds", "count", Map.of("to", n), Integer.class)) {
                    go.await();
                    int expected = 0;
                    for (int x : s) {
                        assertThat(x).isEqualTo(expected++);
                    }
                    assertThat(expected).isEqualTo(n);
                    ok.incrementAndGet();
                } catch (Throwable t) {
                    errors.add(t);
                } finally {
                    done.countDown();
                }
            });
        }
        go.countDown();
        assertThat(done.await(40, TimeUnit.SECONDS)).isTrue();
        assertThat(errors).isEmpty();
        assertThat(ok.get()).isEqualTo(contexts + streams);
    }
}
