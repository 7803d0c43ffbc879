package dev.tractor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.testing.CapturedLogs;
import dev.tractor.testing.Heap;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.ServedActorExtension;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strangers cost little before authentication: thousands of connect-and-close leave no memory and no flood of
 * late warnings behind, and many connections each holding part of a frame hold only the small pre-handshake
 * frame limit each, while a legitimate client is served throughout.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PreAuthenticationFloodTests {

    static final String COOKIE = "pre-authentication-flood-tests";
    @RegisterExtension
    static final ServedActorExtension ACTORS = ServedActorExtension.of(COOKIE, b -> b);

    @Test
    void thousandsOfConnectAndCloseLeaveNothingBehind() throws Exception {
        long before = Heap.usedAfterGc();
        try (CapturedLogs logs = new CapturedLogs()) {
            for (int i = 0; i < 3_000; i++) {
                try (Socket s = new Socket(ACTORS.server().address().host(), ACTORS.server().address().port())) {
                    s.setSoLinger(true, 0);
                }
                if (i % 500 == 0) {
                    assertThat(ACTORS.healthy().run("calc", "square", Map.of("x", 2))).isEqualTo(4);
                }
            }
            // past the handshake timeout: no timer fires for a connection that is gone
            Thread.sleep(6_000);
            assertThat(logs.messages()).as("log lines caused by closed connections").hasSizeLessThan(30);
        }
        long after = Heap.usedAfterGc();
        assertThat(after - before).as("heap growth %s", Heap.mib(after - before)).isLessThan(6L << 20);
        assertThat(ACTORS.healthy().run("calc", "square", Map.of("x", 5))).isEqualTo(25);
    }

    @Test
    void connectionsHoldingPartFramesHoldOnlyThePreHandshakeLimit() throws Exception {
        long before = Heap.usedAfterGc() + Heap.nettyDirect();
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket s = new Socket(ACTORS.server().address().host(), ACTORS.server().address().port());
                held.add(s);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(4_000);             // a frame of 4,000 bytes, of which 3,000 ever arrive
                out.write(new byte[3_000]);
                out.flush();
            }
            assertThat(ACTORS.healthy().run("calc", "square", Map.of("x", 3))).isEqualTo(9);
            long during = Heap.usedAfterGc() + Heap.nettyDirect() - before;
            assertThat(during).as("memory held by 100 part frames: %s", Heap.mib(during)).isLessThan(8L << 20);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        assertThat(ACTORS.healthy().run("calc", "square", Map.of("x", 6))).isEqualTo(36);
    }

    @Test
    void aFrameClaimingMoreThanThePreHandshakeLimitIsRefusedAtOnce() throws IOException {
        try (Socket s = new Socket(ACTORS.server().address().host(), ACTORS.server().address().port())) {
            s.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(15 << 20);   // a 15 MiB hello
            out.write(new byte[1_000]);
            out.flush();
            var in = s.getInputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int read = 0;
            while (System.nanoTime() < deadline && in.read() >= 0) {
                read++;   // the actor's hello and its refusal, then the end of the stream
            }
            assertThat(read).isLessThan(8_192);
        }
        assertThat(ACTORS.healthy().run("calc", "square", Map.of("x", 7))).isEqualTo(49);
    }
}
