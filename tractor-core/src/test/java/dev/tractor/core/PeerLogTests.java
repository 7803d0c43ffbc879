package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import dev.tractor.testing.Calc;
import dev.tractor.testing.CapturedLogs;
import dev.tractor.testing.HostilePeer;
import dev.tractor.testing.NoLeaks;
import dev.tractor.wire.Hello;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Log lines a peer causes cannot be forged or flooded: text the peer supplied is escaped and cut, repeated
 * complaints from one source are rate-limited with a count, and every line names the peer — by address over
 * TCP, by process id and user over Unix sockets — including a connection that closes in the middle of a frame.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerLogTests {

    static final String COOKIE = "peer-log-tests";
    static ActorRuntime tcp;
    static ActorRuntime uds;

    @BeforeAll
    static void open() {
        tcp = Tractor.openRoot(TractorConfig.builder().name("tcp-actor").cookie(COOKIE).registry("127.0.0.1", 0)
                .enableModules(Calc.class).build());
        uds = Tractor.openRoot(TractorConfig.builder().name("uds-actor").cookie(COOKIE).registry("127.0.0.1", 0)
                .transport(Transport.UDS).enableModules(Calc.class).build());
    }

    @AfterAll
    static void close() {
        uds.close();
        tcp.close();
    }

    private static void stillServes(ActorRuntime actor) {
        try (ActorRuntime client = Tractor.openRoot(TractorConfig.builder().name("client").cookie(COOKIE)
                .registry("127.0.0.1", 0).build())) {
            Portal p = client.connect(actor.address());
            assertThat(p.run("calc", "square", Map.of("x", 4))).isEqualTo(16);
        }
    }

    @Test
    void aForgedLineInAHelloIsEscapedAndCut() throws IOException {
        String forged = "127.0.0.1\n2026-01-01 00:00:00 INFO  everything is fine" + "x".repeat(200);
        try (CapturedLogs logs = new CapturedLogs(); HostilePeer p = HostilePeer.dial(tcp.address())) {
            p.expect(Hello.class);
            p.send(new Hello(p.uid(), 2, p.nonce(), new Address("tcp", forged, 1)));
            assertThat(p.closedWithin(HostilePeer.WAIT)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !logs.containing("everything is fine").isEmpty());
            String line = logs.containing("everything is fine").getFirst();
            assertThat(line).doesNotContain("\n").contains("127.0.0.1\\n2026-01-01").contains("more characters)")
                    .contains("refused connection from 127.0.0.1:");
        }
        stillServes(tcp);
    }

    @Test
    void aFloodOfUnknownMessageKindsIsLoggedAFewTimesWithACount() throws Exception {
        try (CapturedLogs logs = new CapturedLogs(); HostilePeer p = HostilePeer.dial(tcp.address())) {
            p.handshake(COOKIE);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            MessageBufferPacker frame = MessagePack.newDefaultBufferPacker();
            frame.packMapHeader(1).packString("bogus\nkind").packNil();
            byte[] body = frame.toByteArray();
            for (int i = 0; i < 3_000; i++) {
                out.writeInt(body.length);
                out.write(body);
            }
            p.sendRaw(bytes.toByteArray());
            // the actor answers each unknown message and keeps the connection
            assertThat(p.callOk("calc", "square", Map.of("x", 3))).isEqualTo(9);
            assertThat(logs.containing("unknown message kind")).hasSizeBetween(1, 5)
                    .allSatisfy(line -> assertThat(line).contains("'bogus\\nkind'").contains(p.uid().toString()));
        }
        stillServes(tcp);
    }

    /**
     * A peer's complaints beyond the 5 lines of a 10 s window are counted, and its first line of the next window
     * says exactly how many were suppressed (it waits the window out: about 10 s).
     */
    @Test
    void aPeersSuppressedComplaintsAreCountedInItsNextLine() throws Exception {
        try (CapturedLogs logs = new CapturedLogs(); HostilePeer p = HostilePeer.dial(tcp.address())) {
            p.handshake(COOKIE);
            long windowStart = System.nanoTime();
            p.sendRaw(unknownKinds("flood\rkind", 1_000));
            assertThat(p.callOk("calc", "square", Map.of("x", 2))).isEqualTo(4);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - windowStart))
                    .as("the flood arrived within one window").isLessThan(9);
            assertThat(logs.containing("unknown message kind")).hasSize(5);

            Thread.sleep(Math.max(0, 10_500 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - windowStart)));
            p.sendRaw(unknownKinds("after\tthe window", 1));
            Awaitility.await("the line of the next window").atMost(Duration.ofSeconds(5))
                    .until(() -> !logs.containing("after\\tthe window").isEmpty());
            assertThat(logs.containing("after\\tthe window")).singleElement().satisfies(line -> assertThat(line)
                    .contains("(995 similar lines suppressed before this one)").contains(p.uid().toString())
                    .contains("127.0.0.1:"));
            assertThat(p.callOk("calc", "square", Map.of("x", 3))).isEqualTo(9);
        }
        stillServes(tcp);
    }

    /** {@code count} frames of an unknown message kind {@code kind}, in one buffer. */
    private static byte[] unknownKinds(String kind, int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        MessageBufferPacker frame = MessagePack.newDefaultBufferPacker();
        frame.packMapHeader(1).packString(kind).packNil();
        byte[] body = frame.toByteArray();
        for (int i = 0; i < count; i++) {
            out.writeInt(body.length);
            out.write(body);
        }
        return bytes.toByteArray();
    }

    @Test
    void aConnectionClosedInTheMiddleOfAFrameIsLoggedNamingThePeer() throws Exception {
        try (CapturedLogs logs = new CapturedLogs()) {
            ActorUid who;
            try (HostilePeer p = HostilePeer.dial(tcp.address())) {
                p.handshake(COOKIE);
                who = p.uid();
                p.sendRaw(new byte[] {0, 0, 1, 0, (byte) 0x81, (byte) 0xa3});
            }
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> !logs.containing("closed in the middle of a frame").isEmpty());
            assertThat(logs.containing("closed in the middle of a frame").getFirst())
                    .contains(who.toString()).contains("127.0.0.1:").contains("2 of the 256 bytes of a frame");
        }
        stillServes(tcp);
    }

    @Test
    void overUnixSocketsARefusalNamesThePeerProcess() throws IOException {
        try (CapturedLogs logs = new CapturedLogs(); HostilePeer p = HostilePeer.dial(uds.address())) {
            p.expect(Hello.class);
            p.send(new Hello(p.uid(), 1, p.nonce(), p.reached()));
            assertThat(p.closedWithin(HostilePeer.WAIT)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !logs.containing("version 1").isEmpty());
            assertThat(logs.containing("version 1").getFirst())
                    .contains("peer pid " + ProcessHandle.current().pid()).doesNotContain("from : ");
        }
        stillServes(uds);
    }
}
