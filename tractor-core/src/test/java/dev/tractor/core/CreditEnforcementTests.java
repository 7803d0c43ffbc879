package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ProtocolError;
import dev.tractor.ReceiveStream;
import dev.tractor.testing.EchoServer;
import dev.tractor.testing.Feeds;
import dev.tractor.testing.Heap;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Observations;
import dev.tractor.testing.RawPeer;
import dev.tractor.testing.ServedActorExtension;
import dev.tractor.wire.Cmd;
import dev.tractor.wire.Credit;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Functype;
import dev.tractor.wire.Msg;
import dev.tractor.wire.MsgCodec;
import dev.tractor.wire.Return;
import dev.tractor.wire.Started;
import dev.tractor.wire.Stop;
import dev.tractor.wire.Yield;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The receiver enforces credit: an authenticated peer that sends stream items beyond the window it was granted
 * ends that stream with a {@link ProtocolError}, and one that keeps on has its connection closed — never the
 * actor's memory. Absurd credit grants are capped, not fatal; each side sends within the window the other
 * announced. A legitimate client of the same actor is served throughout.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CreditEnforcementTests {

    static final String COOKIE = "credit-enforcement-tests";
    static final int WINDOW = 16;
    static final Observations OBS = new Observations();
    @RegisterExtension
    static final ServedActorExtension ACTORS = ServedActorExtension.of(COOKIE, b -> b.streamWindow(WINDOW),
            EchoServer.class, Feeds.class, Observations.class);

    /** {@code count} yields for {@code cid} in one write, as a flooding peer sends them. */
    private static void flood(RawPeer raw, String cid, int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        ByteBuf frame = Unpooled.buffer();
        for (int i = 0; i < count; i++) {
            frame.clear();
            MsgCodec.encode(new Yield(cid, (long) i), frame);
            data.writeInt(frame.readableBytes());
            frame.readBytes(data, frame.readableBytes());
        }
        raw.sendRaw(bytes.toByteArray());
    }

    /** Messages for {@code cid} until its return or error (others are skipped). */
    private static Msg finalMessage(RawPeer raw, String cid) throws IOException {
        while (true) {
            Msg m = raw.read();
            if (cid.equals(m.cid()) && (m instanceof Return || m instanceof ErrorMsg)) {
                return m;
            }
        }
    }

    @Test
    void itemsBeyondTheCreditFailThatCallWithAProtocolErrorAndTheConnectionLivesOn() throws IOException {
        try (RawPeer raw = new RawPeer(ACTORS.server().address());
             dev.tractor.testing.CapturedLogs logs = new dev.tractor.testing.CapturedLogs()) {
            assertThat(raw.handshake(COOKIE).window()).isEqualTo(WINDOW);
            // the task never reads its stream, so no credit is granted beyond the window
            Cmd wait = raw.cmd("echo", "startThenWait", Map.of("value", "v", "key", "overrun-" + System.nanoTime()));
            raw.send(wait);
            assertThat(raw.read()).isInstanceOf(Functype.class);
            assertThat(raw.read()).isInstanceOf(Started.class);
            flood(raw, wait.cid(), WINDOW + 5);
            Msg end = finalMessage(raw, wait.cid());
            assertThat(end).isInstanceOfSatisfying(ErrorMsg.class, e -> {
                assertThat(e.box().type()).isEqualTo(ProtocolError.class.getName());
                assertThat(e.box().message()).contains("more items on the stream of echo.startThenWait than the credit")
                        .contains("window of " + WINDOW + " items")
                        .contains("streamWindow").contains("tractor.stream.window");
            });

            Cmd square = raw.cmd("calc", "square", Map.of("x", 7));
            raw.send(square);
            assertThat(finalMessage(raw, square.cid())).isEqualTo(new Return(square.cid(), 49));
            assertThat(logs.containing("than its credit allowed")).as("the overrun's log line").singleElement()
                    .satisfies(line -> assertThat(line).contains("actor " + raw.uid() + " at " + raw.peerName())
                            .contains("echo.startThenWait").contains(wait.cid()));
        }
    }

    @Test
    void aPeerFloodingARunningPlainTaskIsDisconnectedAndLeavesNoMemoryBehind() throws IOException {
        long before = Heap.usedAfterGc();
        String peer = null;
        try (RawPeer raw = new RawPeer(ACTORS.server().address());
             dev.tractor.testing.CapturedLogs logs = new dev.tractor.testing.CapturedLogs()) {
            raw.handshake(COOKIE);
            peer = raw.peerName();
            String named = peer;
            Cmd sleep = raw.cmd("calc", "sleep", Map.of("millis", 3_000));
            raw.send(sleep);
            for (int i = 0; i < 20; i++) {
                flood(raw, sleep.cid(), 10_000);
            }
            List<Msg> seen = new ArrayList<>();
            assertThat(closedAfterReading(raw, seen)).as("closed by the server").isTrue();
            assertThat(seen).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(ErrorMsg.class,
                    e -> assertThat(e.box().message()).contains("kept sending stream items beyond its credit")
                            .contains("window of " + WINDOW).contains("tractor.stream.window")));
            org.awaitility.Awaitility.await("the disconnection's log line").atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> !logs.containing("kept sending stream items beyond its credit").isEmpty());
            assertThat(logs.containing("kept sending stream items beyond its credit")).singleElement()
                    .satisfies(line -> assertThat(line).contains("actor at " + named + ":")
                            .contains("actor " + raw.uid()));
            assertThat(logs.containing("than its credit allowed")).singleElement()
                    .satisfies(line -> assertThat(line).contains("actor " + raw.uid() + " at " + named));
        } catch (java.net.SocketException e) {
            assertThat(e.getMessage()).containsAnyOf("reset", "Broken pipe", "closed");
        }
        long after = Heap.usedAfterGc();
        assertThat(after - before).as("heap growth %s", Heap.mib(after - before)).isLessThan(8L << 20);
    }

    private static boolean closedAfterReading(RawPeer raw, List<Msg> seen) throws IOException {
        try {
            while (true) {
                seen.add(raw.read());
            }
        } catch (java.io.EOFException e) {
            return true;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Test
    void anArgumentThatCannotBeDecodedFailsItsCallAndTheConnectionLivesOn() throws IOException {
        try (RawPeer raw = new RawPeer(ACTORS.server().address())) {
            raw.handshake(COOKIE);
            MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
            p.packMapHeader(1).packString("cmd").packArrayHeader(5).packString("calc").packString("square");
            p.packMapHeader(1).packString("x").packExtensionTypeHeader((byte) 7, 1).writePayload(new byte[] {1});
            p.packArrayHeader(2).packString(raw.uid().name()).packString(raw.uid().uuid());
            p.packString("undecodable-cid");
            raw.sendFrame(p.toByteArray());
            Msg end = finalMessage(raw, "undecodable-cid");
            assertThat(end).isInstanceOfSatisfying(ErrorMsg.class, e -> assertThat(e.box().message())
                    .contains("argument 'x' of calc.square").contains("cannot be decoded")
                    .contains("extension types are not supported"));
            Cmd square = raw.cmd("calc", "square", Map.of("x", 8));
            raw.send(square);
            assertThat(finalMessage(raw, square.cid())).isEqualTo(new Return(square.cid(), 64));
        }
    }

    @Test
    void absurdCreditGrantsAreCappedAndTheStreamCompletes() throws IOException {
        try (RawPeer raw = new RawPeer(ACTORS.server().address())) {
            raw.handshake(COOKIE);
            Cmd count = raw.cmd("feeds", "count", Map.of("to", 3_000));
            raw.send(count);
            raw.send(new Credit(count.cid(), Integer.MAX_VALUE));
            raw.send(new Credit(count.cid(), Integer.MAX_VALUE));
            raw.send(new Credit(count.cid(), Integer.MAX_VALUE));
            int items = 0;
            Msg m;
            while (!((m = raw.read()) instanceof Return)) {
                assertThat(m).isNotInstanceOf(ErrorMsg.class);
                if (m instanceof Yield) {
                    items++;
                }
                if (m instanceof Stop) {
                    assertThat(items).isEqualTo(3_000);
                }
            }
            assertThat(items).isEqualTo(3_000);
        }
    }

    @Test
    void eachSideSendsWithinTheWindowTheOtherAnnounced() {
        // the client accepts 256 items at a time, the server 16: both directions run to the end without overrun
        try (ReceiveStream<Integer> s = ACTORS.healthy().openStreamFrom("feeds", "count", Map.of("to", 5_000), Integer.class)) {
            int n = 0;
            for (Integer ignored : s) {
                n++;
            }
            assertThat(n).isEqualTo(5_000);
        }
        try (var ctx = ACTORS.healthy().openContext("echo", "sum", Map.of("key", "windows"));
             var stream = ctx.openStream(Long.class)) {
            ctx.started();
            for (long i = 0; i < 2_000; i++) {
                stream.send(i);
            }
            stream.close();
            assertThat(ctx.result(Long.class)).isEqualTo(1_999L * 2_000 / 2);
        }
        assertThat(OBS.count("windows.received")).isEqualTo(2_000);
    }
}
