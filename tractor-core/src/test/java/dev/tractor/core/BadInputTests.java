package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorRuntime;
import dev.tractor.AuthenticationFailed;
import dev.tractor.Portal;
import dev.tractor.ProtocolError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.testing.Calc;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Probe;
import dev.tractor.testing.RawPeer;
import dev.tractor.wire.Cmd;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Functype;
import dev.tractor.wire.Hello;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Frames and handshakes an actor must refuse: each is answered with an internal error and a closed
 * connection (or, for an unknown kind, a refused message), and the actor keeps serving its other
 * connections, checked through a second actor's portal after every case.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTests {

    static final String COOKIE = "bad-input-tests-cookie";
    static ActorRuntime server;
    static ActorRuntime client;
    static Portal healthy;

    @BeforeAll
    static void open() {
        server = Tractor.openRoot(TractorConfig.builder().name("server").cookie(COOKIE).maxFrameBytes(64 * 1024)
                .enableModules(Calc.class, Probe.class).build());
        client = Tractor.openRoot(TractorConfig.builder().name("client").cookie(COOKIE).build());
        healthy = client.connect(server.address());
    }

    @AfterAll
    static void close() {
        client.close();
        server.close();
    }

    @AfterEach
    void serverStillServesOtherConnections() {
        assertThat(healthy.run("calc", "square", Map.of("x", 11))).isEqualTo(121);
    }

    private static ErrorMsg readError(RawPeer raw) throws IOException {
        Msg m = raw.read();
        while (m instanceof Hello) {
            m = raw.read();
        }
        assertThat(m).isInstanceOf(ErrorMsg.class);
        return (ErrorMsg) m;
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeItsBytesArrive() throws IOException {
        try (RawPeer raw = new RawPeer(server.address())) {
            raw.handshake(COOKIE);
            raw.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
            ErrorMsg error = readError(raw);
            assertThat(error.cid()).isNull();
            assertThat(error.box().type()).isEqualTo(ProtocolError.class.getName());
            assertThat(error.box().message()).containsIgnoringCase("frame");
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void anEmptyFrameIsAProtocolError() throws IOException {
        try (RawPeer raw = new RawPeer(server.address())) {
            raw.handshake(COOKIE);
            raw.sendFrame(new byte[0]);
            assertThat(readError(raw).box().message()).contains("empty frame");
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void aTruncatedMapIsAProtocolError() throws IOException {
        try (RawPeer raw = new RawPeer(server.address())) {
            raw.handshake(COOKIE);
            raw.sendFrame(new byte[] {(byte) 0x83, (byte) 0xa3, 'c', 'm'});
            assertThat(readError(raw).box().type()).isEqualTo(ProtocolError.class.getName());
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void aFrameThatIsNotAMapIsAProtocolError() throws IOException {
        try (RawPeer raw = new RawPeer(server.address())) {
            raw.handshake(COOKIE);
            MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
            p.packArrayHeader(2).packInt(1).packInt(2).close();
            raw.sendFrame(p.toByteArray());
            assertThat(readError(raw).box().type()).isEqualTo(ProtocolError.class.getName());
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void aWrongCookieIsRefusedOnBothSides() {
        try (ActorRuntime intruder = Tractor.openRoot(TractorConfig.builder().name("intruder").cookie("wrong").build())) {
            assertThatThrownBy(() -> intruder.connect(server.address()))
                    .isInstanceOf(AuthenticationFailed.class).hasMessageContaining("server");
        }
    }

    @Test
    void aCmdBeforeTheHandshakeIsNeverExecuted() throws IOException {
        int before = Probe.TOUCHED.get();
        try (RawPeer raw = new RawPeer(server.address())) {
            raw.send(new Cmd("probe", "touch", Map.of(), raw.uid(), "c-1"));
            ErrorMsg error = readError(raw);
            assertThat(error.box().type()).isEqualTo(AuthenticationFailed.class.getName());
            assertThat(error.box().message()).contains("before completing the handshake");
            assertThat(raw.closedByPeer()).isTrue();
        }
        assertThat(Probe.TOUCHED.get()).isEqualTo(before);
    }

    @Test
    void garbageBeforeTheHandshakeClosesTheConnection() throws IOException {
        try (RawPeer raw = new RawPeer(server.address())) {
            raw.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void anUnknownMessageKindIsRefusedButTheConnectionStays() throws IOException {
        try (RawPeer raw = new RawPeer(server.address())) {
            raw.handshake(COOKIE);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
            p.packMapHeader(1).packString("teleport").packInt(1).close();
            body.write(p.toByteArray());
            raw.sendFrame(body.toByteArray());
            ErrorMsg error = readError(raw);
            assertThat(error.cid()).isNull();
            assertThat(error.box().type()).isEqualTo(ProtocolError.class.getName());
            assertThat(error.box().message()).contains("teleport");

            raw.send(new Cmd("self", "ping", Map.of(), raw.uid(), "c-2"));
            assertThat(raw.read()).isEqualTo(new Functype("c-2", Functype.Kind.ASYNCFUNC));
            Msg answer = raw.read();
            assertThat(answer).isInstanceOf(Return.class);
            assertThat(((Return) answer).value()).isEqualTo(List.of("server", server.uid().uuid()));
        }
    }
}
