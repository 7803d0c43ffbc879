package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.ContextHandle;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.HostilePeer;
import dev.tractor.testing.NoLeaks;
import dev.tractor.wire.Cmd;
import dev.tractor.wire.Functype;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import dev.tractor.wire.Yield;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * A callee that answers a real actor's call with a value the actor cannot decode — a result, a started value, a
 * stream item (of a msgpack extension type, or nested deeper than the limit) — fails that call only: the caller gets
 * an error naming the function and the cause, the callee's task is cancelled where it would run on, and every
 * other call on the same connection lives on. The callee is a raw peer the actor dials (a real listening socket).
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UndecodableAnswerTests {

    static final String COOKIE = "undecodable-answer-tests";
    static final Duration WAIT = HostilePeer.WAIT;
    static final ActorUid CALLEE = ActorUid.random("raw-callee");
    static ActorRuntime caller;

    @BeforeAll
    static void open() {
        caller = Tractor.openRoot(TractorConfig.builder().name("caller").cookie(COOKIE).registry("127.0.0.1", 0)
                .build());
    }

    @AfterAll
    static void close() {
        caller.close();
    }

    /** The caller's portal to a raw callee it dialed, and the callee's end of the connection. */
    record Dialed(Portal portal, HostilePeer callee) {
    }

    private static Dialed dial(HostilePeer.Listener listener) throws Exception {
        CompletableFuture<Portal> portal = CompletableFuture.supplyAsync(() -> caller.connect(listener.address()));
        HostilePeer callee = listener.accept(WAIT);
        callee.acceptHandshake(CALLEE, COOKIE);
        return new Dialed(portal.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), callee);
    }

    /** The next call the actor sends the callee (pings are skipped). */
    private static Cmd nextCmd(HostilePeer callee) {
        while (true) {
            Msg m = callee.next(WAIT);
            if (m instanceof Cmd cmd) {
                return cmd;
            }
        }
    }

    /** A {@code kind} message for {@code cid} whose value is of a msgpack extension type. */
    private static byte[] extensionValue(String kind, String cid) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(2).packString(kind);
        p.packExtensionTypeHeader((byte) 7, 1).writePayload(new byte[] {1});
        p.packString("cid").packString(cid);
        return p.toByteArray();
    }

    /** A {@code kind} message for {@code cid} whose value is a list nested 300 levels deep. */
    private static byte[] deeplyNestedValue(String kind, String cid) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(2).packString(kind);
        for (int i = 0; i < 300; i++) {
            p.packArrayHeader(1);
        }
        p.packInt(1);
        p.packString("cid").packString(cid);
        return p.toByteArray();
    }

    private static <T> T within(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Answers the callee's next call, which must be {@code fn}, with {@code value}. */
    private static void answerNext(HostilePeer callee, String fn, Object value) throws IOException {
        Cmd cmd = nextCmd(callee);
        assertThat(cmd.fn()).isEqualTo(fn);
        callee.send(new Functype(cmd.cid(), Functype.Kind.ASYNCFUNC), new Return(cmd.cid(), value));
    }

    /** The connection is still the one dialed, and a new call over it is answered. */
    private static void stillAnswered(Dialed d) throws Exception {
        CompletableFuture<Object> after = CompletableFuture.supplyAsync(() -> d.portal().run("raw", "after", Map.of()));
        answerNext(d.callee(), "after", "fine");
        assertThat(within(after)).isEqualTo("fine");
        assertThat(d.callee().isClosed()).as("the connection was closed").isFalse();
    }

    @Test
    void anUndecodableResultFailsItsCallNamingTheFunctionAndACallInFlightBesideItIsAnswered() throws Exception {
        try (HostilePeer.Listener listener = HostilePeer.Listener.open("tcp")) {
            Dialed d = dial(listener);
            CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> d.portal().run("raw", "slow", Map.of()));
            Cmd slowCmd = nextCmd(d.callee());
            CompletableFuture<Object> bad = CompletableFuture.supplyAsync(() -> d.portal().run("raw", "answer", Map.of()));
            Cmd badCmd = nextCmd(d.callee());
            d.callee().send(new Functype(badCmd.cid(), Functype.Kind.ASYNCFUNC));
            d.callee().sendFrame(extensionValue("return", badCmd.cid()));

            assertThatThrownBy(() -> within(bad)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(TractorException.class)
                    .hasMessageContaining("actor " + CALLEE + " sent the result of raw.answer, which cannot be decoded")
                    .hasMessageContaining("msgpack extension types are not supported");
            d.callee().send(new Functype(slowCmd.cid(), Functype.Kind.ASYNCFUNC), new Return(slowCmd.cid(), 42));
            assertThat(within(slow)).isEqualTo(42);
            stillAnswered(d);
        }
    }

    @Test
    void anUndecodableStartedValueFailsTheContextNamingTheFunctionAndCancelsItsTask() throws Exception {
        try (HostilePeer.Listener listener = HostilePeer.Listener.open("tcp")) {
            Dialed d = dial(listener);
            CompletableFuture<Object> started = CompletableFuture.supplyAsync(() -> {
                try (ContextHandle ctx = d.portal().openContext("raw", "session", Map.of())) {
                    return ctx.started();
                }
            });
            Cmd open = nextCmd(d.callee());
            d.callee().send(new Functype(open.cid(), Functype.Kind.CONTEXT));
            d.callee().sendFrame(deeplyNestedValue("started", open.cid()));

            assertThatThrownBy(() -> within(started)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(TractorException.class)
                    .hasMessageContaining("sent the started value of raw.session, which cannot be decoded")
                    .hasMessageContaining("nested deeper than 256 levels");
            Cmd cancel = nextCmd(d.callee());
            assertThat(cancel.ns() + "." + cancel.fn()).isEqualTo("self.cancelTask");
            assertThat(cancel.kwargs()).containsEntry("cid", open.cid());
            stillAnswered(d);
        }
    }

    @Test
    void anUndecodableStreamItemEndsThatStreamAfterTheGoodOnesNamingTheFunctionAndCancelsItsTask()
            throws Exception {
        try (HostilePeer.Listener listener = HostilePeer.Listener.open("tcp")) {
            Dialed d = dial(listener);
            List<Object> received = new ArrayList<>();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try (ReceiveStream<Object> items = d.portal().openStreamFrom("raw", "numbers", Map.of(),
                        Object.class)) {
                    while (true) {
                        received.add(items.receive());
                    }
                }
            });
            Cmd open = nextCmd(d.callee());
            d.callee().send(new Functype(open.cid(), Functype.Kind.ASYNCGEN), new Yield(open.cid(), "one"),
                    new Yield(open.cid(), "two"));
            d.callee().sendFrame(extensionValue("yield", open.cid()));
            d.callee().send(new Yield(open.cid(), "after the bad one"));

            assertThatThrownBy(() -> within(reading)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(TractorException.class)
                    .hasMessageContaining("actor " + CALLEE + " sent a stream item of raw.numbers, which cannot be"
                            + " decoded")
                    .hasMessageContaining("msgpack extension types are not supported");
            assertThat(received).containsExactly("one", "two");
            Cmd cancel = nextCmd(d.callee());
            assertThat(cancel.ns() + "." + cancel.fn()).isEqualTo("self.cancelTask");
            assertThat(cancel.kwargs()).containsEntry("cid", open.cid());
            stillAnswered(d);
        }
    }
}
