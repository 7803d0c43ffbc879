package dev.tractor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.AuthenticationFailed;
import dev.tractor.ProtocolError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import dev.tractor.runtime.Actor;
import dev.tractor.testing.CapturedLogs;
import dev.tractor.testing.HostilePeer;
import dev.tractor.testing.NoLeaks;
import dev.tractor.transport.HandshakeCrypto;
import dev.tractor.transport.LogText;
import dev.tractor.wire.Auth;
import dev.tractor.wire.Credit;
import dev.tractor.wire.ErrorBox;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Functype;
import dev.tractor.wire.Hello;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import dev.tractor.wire.Started;
import dev.tractor.wire.Stop;
import dev.tractor.wire.Yield;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks on the handshake of a real root actor, by a peer that does not hold the tree's cookie (or replays what one
 * that does sent): reflection, replay, foreign proofs, the actor's own identity, other protocol versions, frames
 * pipelined after a refusal and every message kind sent before authentication. Each attack is refused and closed,
 * runs no function (neither an exposed one nor one of {@code self}), and leaves the actor serving a legitimate
 * client. Each subclass runs the suite over one transport; one actor is shared by the tests of a class.
 */
@ExtendWith(NoLeaks.PerClass.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class HandshakeAttackSuite {

    static final String COOKIE = "handshake-attack-tree";
    static final Duration WAIT = HostilePeer.WAIT;

    ActorRuntime victim;
    ActorRuntime client;

    /** The transport the attacked actor listens on. */
    abstract Transport transport();

    @BeforeAll
    void start() {
        victim = Tractor.openRoot(TractorConfig.builder().name("victim").cookie(COOKIE).enableModules(Victim.class)
                .registry("127.0.0.1", 0).transport(transport()).build());
        client = Tractor.openRoot(TractorConfig.builder().name("client").cookie(COOKIE).registry("127.0.0.1", 0)
                .build());
    }

    @AfterAll
    void stop() {
        try {
            client.close();
        } finally {
            victim.close();
        }
    }

    @Test
    void theAttackedActorListensOnTheSuitesTransport() {
        assertThat(victim.address().transport()).isEqualTo(transport().wireName());
    }

    // 1. reflection

    @Test
    void reflectingTheActorsOwnHelloOnASecondConnectionGetsNoProofToReplay() throws IOException {
        String tag = tag();
        try (HostilePeer a = dial(); HostilePeer b = dial()) {
            Hello onA = a.expect(Hello.class);
            Hello onB = b.expect(Hello.class);
            b.send(new Hello(onA.uid(), 2, onA.nonce(), b.reached()));
            assertRefused(b, AuthenticationFailed.class, "own uuid");
            List<Msg> proofsFromB = b.received().stream().filter(Auth.class::isInstance).toList();
            assertThat(proofsFromB).isEmpty();

            a.send(new Hello(a.uid(), 2, onB.nonce(), a.reached()), new Auth(new byte[32]),
                    a.cmd("victim", "touch", Map.of("tag", tag)), a.cmd("self", "cancel", Map.of()));
            assertRefused(a, AuthenticationFailed.class, "wrong cookie");
        }
        assertNothingRanAndServed(tag);
    }

    @Test
    void aListenerProvesNothingBeforeTheDialerHasProvedSoASecondConnectionIsNoOracle() throws IOException {
        String tag = tag();
        try (HostilePeer a = dial(); HostilePeer b = dial()) {
            Hello onA = a.expect(Hello.class);
            b.expect(Hello.class);
            b.send(new Hello(ActorUid.random("mirror"), 2, onA.nonce(), b.reached()));
            assertThat(b.closedWithin(Duration.ofMillis(500))).isFalse();
            assertThat(b.received()).noneMatch(Auth.class::isInstance);

            a.send(new Hello(a.uid(), 2, onA.nonce(), a.reached()), new Auth(HandshakeCrypto.nonce()),
                    a.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(a, AuthenticationFailed.class, "wrong cookie");
            b.send(new Auth(new byte[32]), b.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(b, AuthenticationFailed.class, "wrong cookie");
        }
        assertNothingRanAndServed(tag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancel", "cancelTask", "ping", "status", "childReady", "registerActor",
            "unregisterActor", "registry", "registryPage", "findActor"})
    void noSelfFunctionRunsForAPeerThatReflectedTheActorsNonce(String fn) throws IOException {
        String tag = tag();
        try (HostilePeer a = dial(); HostilePeer b = dial()) {
            Hello onA = a.expect(Hello.class);
            Hello onB = b.expect(Hello.class);
            a.send(new Hello(a.uid(), 2, onB.nonce(), a.reached()), new Auth(onA.nonce()),
                    a.cmd("self", fn, selfArguments(fn)), a.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(a, AuthenticationFailed.class, "wrong cookie");
            assertThat(b.received()).noneMatch(Auth.class::isInstance);
        }
        assertNothingRanAndServed(tag);
        assertThat(((Actor) victim).registry()).containsOnlyKeys("victim");
    }

    // 2. replay

    @Test
    void anAuthReplayedFromARecordedLegitimateHandshakeFailsOnANewConnection() throws IOException {
        String tag = tag();
        try (HostilePeer recorded = dial()) {
            recorded.handshake(COOKIE);
            List<Msg> said = recorded.sent();
            try (HostilePeer replay = dial()) {
                replay.expect(Hello.class);
                replay.send(said.get(0), said.get(1), replay.as(recorded.uid()).cmd("victim", "touch",
                        Map.of("tag", tag)));
                assertRefused(replay, AuthenticationFailed.class, "wrong cookie");
            }
            assertThat(recorded.callOk("victim", "count", Map.of("tag", tag))).isEqualTo(0);
        }
        assertNothingRanAndServed(tag);
    }

    // 3. foreign proofs

    static Stream<Arguments> foreignProofs() {
        ActorUid stranger = ActorUid.random("stranger");
        Address elsewhere = Address.tcp("127.0.0.1", 9);
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("another tree's cookie", (Function<Proof, byte[]>) p ->
                p.mac("another-tree", HandshakeCrypto.DIALER, p.dialerNonce, p.listenerNonce, p.dialer, p.listener,
                        p.to)));
        cases.add(Arguments.of("the right cookie for another listener", (Function<Proof, byte[]>) p ->
                p.mac(COOKIE, HandshakeCrypto.DIALER, p.dialerNonce, p.listenerNonce, p.dialer, stranger, p.to)));
        cases.add(Arguments.of("the right cookie for another dialer", (Function<Proof, byte[]>) p ->
                p.mac(COOKIE, HandshakeCrypto.DIALER, p.dialerNonce, p.listenerNonce, stranger, p.listener, p.to)));
        cases.add(Arguments.of("the right cookie for another address", (Function<Proof, byte[]>) p ->
                p.mac(COOKIE, HandshakeCrypto.DIALER, p.dialerNonce, p.listenerNonce, p.dialer, p.listener,
                        elsewhere)));
        cases.add(Arguments.of("the right cookie in the listener's role", (Function<Proof, byte[]>) p ->
                p.mac(COOKIE, HandshakeCrypto.LISTENER, p.dialerNonce, p.listenerNonce, p.dialer, p.listener, p.to)));
        cases.add(Arguments.of("the right cookie with the nonces swapped", (Function<Proof, byte[]>) p ->
                p.mac(COOKIE, HandshakeCrypto.DIALER, p.listenerNonce, p.dialerNonce, p.dialer, p.listener, p.to)));
        cases.add(Arguments.of("the right cookie with another listener nonce", (Function<Proof, byte[]>) p ->
                p.mac(COOKIE, HandshakeCrypto.DIALER, p.dialerNonce, HandshakeCrypto.nonce(), p.dialer, p.listener,
                        p.to)));
        cases.add(Arguments.of("a truncated right proof", (Function<Proof, byte[]>) p -> Arrays.copyOf(
                p.mac(COOKIE, HandshakeCrypto.DIALER, p.dialerNonce, p.listenerNonce, p.dialer, p.listener, p.to),
                16)));
        cases.add(Arguments.of("an empty proof", (Function<Proof, byte[]>) p -> new byte[0]));
        return cases.stream();
    }

    /** What a proof is made of on one connection. */
    record Proof(byte[] dialerNonce, byte[] listenerNonce, ActorUid dialer, ActorUid listener, Address to) {
        byte[] mac(String cookie, String role, byte[] dn, byte[] ln, ActorUid d, ActorUid l, Address address) {
            return HandshakeCrypto.proof(cookie, HandshakeCrypto.transcript(role, dn, ln, d, l, address));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignProofs")
    void aProofMadeForAnotherTreeOrConnectionIsRefused(String what, Function<Proof, byte[]> forge)
            throws IOException {
        String tag = tag();
        try (HostilePeer p = dial()) {
            Hello theirs = p.expect(Hello.class);
            byte[] mac = forge.apply(new Proof(p.nonce(), theirs.nonce(), p.uid(), theirs.uid(), p.reached()));
            p.send(p.dialerHello(), new Auth(mac), p.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(p, AuthenticationFailed.class, "wrong cookie");
        }
        assertNothingRanAndServed(tag);
    }

    @Test
    void aHelloNamingAnotherAddressThanTheOneReachedIsRefusedEvenWithAMatchingProof() throws IOException {
        String tag = tag();
        Address elsewhere = Address.tcp("127.0.0.1", 9);
        try (HostilePeer p = dial()) {
            Hello theirs = p.expect(Hello.class);
            byte[] mac = HandshakeCrypto.proof(COOKIE, HandshakeCrypto.transcript(HandshakeCrypto.DIALER, p.nonce(),
                    theirs.nonce(), p.uid(), theirs.uid(), elsewhere));
            p.send(new Hello(p.uid(), 2, p.nonce(), elsewhere), new Auth(mac),
                    p.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(p, AuthenticationFailed.class, "accepted at");
        }
        assertNothingRanAndServed(tag);
    }

    // 4. the receiver's own uuid

    @ParameterizedTest
    @ValueSource(strings = {"same name", "other name", "upper case"})
    void aHelloCarryingTheReceiversOwnUuidIsRefused(String form) throws IOException {
        String tag = tag();
        ActorUid own = victim.uid();
        ActorUid claimed = switch (form) {
            case "same name" -> own;
            case "other name" -> new ActorUid("someone", own.uuid());
            default -> new ActorUid(own.name(), own.uuid().toUpperCase(Locale.ROOT));
        };
        try (HostilePeer p = dial()) {
            Hello theirs = p.expect(Hello.class);
            p.as(claimed);
            byte[] mac = HandshakeCrypto.proof(COOKIE, HandshakeCrypto.transcript(HandshakeCrypto.DIALER, p.nonce(),
                    theirs.nonce(), claimed, theirs.uid(), p.reached()));
            p.send(p.dialerHello(), new Auth(mac), p.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(p, AuthenticationFailed.class, "own uuid");
        }
        assertNothingRanAndServed(tag);
    }

    // 5. other protocol versions

    @ParameterizedTest
    @ValueSource(ints = {1, 0, 3, 255, -1})
    void aHelloOfAnotherProtocolVersionGetsAnErrorNamingItAndIsClosed(int version) throws IOException {
        String tag = tag();
        try (HostilePeer p = dial()) {
            Hello theirs = p.expect(Hello.class);
            byte[] mac = HandshakeCrypto.proof(COOKIE, HandshakeCrypto.transcript(HandshakeCrypto.DIALER, p.nonce(),
                    theirs.nonce(), p.uid(), theirs.uid(), p.reached()));
            p.send(new Hello(p.uid(), version, p.nonce(), p.reached()), new Auth(mac),
                    p.cmd("victim", "touch", Map.of("tag", tag)));
            ErrorMsg e = assertRefused(p, ProtocolError.class, "speaks protocol version " + version + ";");
            assertThat(e.box().message()).contains("version 2 only");
        }
        assertNothingRanAndServed(tag);
    }

    // 5b. malformed hello fields

    static Stream<Arguments> malformedHellos() {
        String uuid = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("a 31-byte nonce", new ActorUid("short-nonce", uuid), new byte[31], "31-byte nonce"),
                Arguments.of("a 33-byte nonce", new ActorUid("long-nonce", uuid), new byte[33], "33-byte nonce"),
                Arguments.of("an empty nonce", new ActorUid("no-nonce", uuid), new byte[0], "0-byte nonce"),
                Arguments.of("a name of 256 bytes", new ActorUid("n".repeat(256), uuid), null,
                        "actor name of 256 bytes; at most 255"),
                Arguments.of("a name of 128 two-byte characters", new ActorUid("é".repeat(128), uuid), null,
                        "actor name of 256 bytes; at most 255"),
                Arguments.of("a name with a newline", new ActorUid("evil\n2026-01-01 00:00:00 INFO forged line",
                        uuid), null, "actor name with control characters: 'evil\\n2026-01-01"),
                Arguments.of("a name with a NUL", new ActorUid("evil\u0000", uuid), null,
                        "actor name with control characters: 'evil\\u0000'"),
                Arguments.of("an empty name", new ActorUid("", uuid), null, "empty actor name"),
                Arguments.of("a uuid that is not a UUID", new ActorUid("bad-uuid", "not-a-uuid\nINFO forged"), null,
                        "uuid that is not a UUID: 'not-a-uuid\\nINFO forged'"),
                Arguments.of("a uuid without dashes", new ActorUid("bad-uuid", uuid.replace("-", "")), null,
                        "uuid that is not a UUID"),
                Arguments.of("a uuid with a trailing character", new ActorUid("bad-uuid", uuid + "0"), null,
                        "uuid that is not a UUID"));
    }

    /**
     * A hello whose fields break the rules (nonce of 32 bytes; name non-empty, at most 255 bytes, without control
     * characters; a real UUID) is refused before any proof is checked, even if one made with the right cookie
     * follows; the refusal's log line names the peer and carries the forged text escaped. A fresh actor is attacked,
     * so that the log lines of the suite's other attacks (rate-limited per listener) cannot hide this one's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHellos")
    void aHelloWithAMalformedFieldIsRefusedLoggedEscapedAndNothingRuns(String what, ActorUid claimed, byte[] nonce,
                                                                       String refusal) throws IOException {
        String tag = tag();
        try (ActorRuntime fresh = Tractor.openRoot(TractorConfig.builder().name("fresh-victim").cookie(COOKIE)
                .enableModules(Victim.class).registry("127.0.0.1", 0).transport(transport()).build());
             CapturedLogs logs = new CapturedLogs();
             HostilePeer p = HostilePeer.dial(fresh.address())) {
            Hello theirs = p.expect(Hello.class);
            p.as(claimed);
            byte[] ownNonce = nonce != null ? nonce : p.nonce();
            byte[] mac = HandshakeCrypto.proof(COOKIE, HandshakeCrypto.transcript(HandshakeCrypto.DIALER, ownNonce,
                    theirs.nonce(), claimed, theirs.uid(), p.reached()));
            p.send(new Hello(claimed, 2, ownNonce, p.reached()), new Auth(mac),
                    p.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(p, ProtocolError.class, refusal);

            String peer = transport() == Transport.UDS ? "peer pid " + ProcessHandle.current().pid()
                    : "127.0.0.1:" + ((InetSocketAddress) p.localAddress()).getPort();
            // the line carries the refusal as LogText makes peer text safe (escaping the escapes a second time)
            String logged = LogText.clean(refusal);
            Awaitility.await("the refusal's log line").atMost(WAIT)
                    .until(() -> !logs.containing(logged).isEmpty());
            assertThat(logs.containing(logged)).singleElement().satisfies(line -> assertThat(line)
                    .contains("refused connection from").contains(peer).doesNotContain("\n").doesNotContain("\r")
                    .doesNotContain("\u0000"));
            assertThat(Victim.calls(tag)).as("calls made by the attack").isZero();
            assertThat(client.connect(fresh.address()).run("victim", "touch", Map.of("tag", "legit-" + tag)))
                    .isEqualTo(1);
        }
        assertNothingRanAndServed(tag);
    }

    // 5c. the actor as the dialer: a hostile listener's hello

    static Stream<Arguments> hostileListenerHellos() {
        return Stream.of(
                Arguments.of("protocol version 1", ProtocolError.class,
                        "speaks protocol version 1; this actor speaks version 2 only (older versions are refused)"),
                Arguments.of("the dialer's own uuid", AuthenticationFailed.class,
                        "sent a hello carrying this actor's own uuid"));
    }

    /**
     * The actor dials a listener that answers with protocol version 1, or with the dialer's own uuid: the dialer
     * refuses it with a clear error, proves nothing to it, and goes on serving and dialing others.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileListenerHellos")
    void aListenerAnsweringWithVersion1OrTheDialersOwnUuidIsRefusedByTheDialer(
            String what, Class<? extends RuntimeException> type, String message) throws Exception {
        try (HostilePeer.Listener listener = HostilePeer.Listener.open(transport().wireName())) {
            CompletableFuture<Object> dial = CompletableFuture.supplyAsync(
                    () -> victim.connect(listener.address()).run("self", "ping", Map.of()));
            HostilePeer h = listener.accept(WAIT);
            Hello dialers = h.expect(Hello.class);
            assertThat(dialers.uid()).isEqualTo(victim.uid());
            Hello answer = what.startsWith("protocol")
                    ? new Hello(ActorUid.random("old-listener"), 1, h.nonce())
                    : new Hello(dialers.uid(), 2, h.nonce());
            h.send(answer);
            ErrorMsg refused = h.refusal();
            assertThat(refused.box().type()).isEqualTo(type.getName());
            assertThat(refused.box().message()).contains(message);
            assertThat(h.closedWithin(WAIT)).as("the dialer hung up").isTrue();
            assertThat(h.received()).as("the dialer proved nothing").noneMatch(Auth.class::isInstance);
            assertThatThrownBy(() -> dial.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(type)
                    .hasMessageContaining(message).hasMessageContaining("peer at ");
        }
        assertThat(victim.connect(client.address()).run("self", "ping", Map.of())).isNotNull();
        assertNothingRanAndServed(tag());
    }

    // 6. frames pipelined after a refusal

    @Test
    void aCmdWrittenWithTheHelloAndABadAuthNeverRuns() throws IOException {
        String tag = tag();
        try (HostilePeer p = dial()) {
            p.expect(Hello.class);
            p.send(p.dialerHello(), new Auth(new byte[32]), p.cmd("victim", "touch", Map.of("tag", tag)),
                    p.cmd("self", "cancel", Map.of()));
            assertRefused(p, AuthenticationFailed.class, "wrong cookie");
        }
        assertNothingRanAndServed(tag);
    }

    @Test
    void aGoodProofWrittenAfterARefusedOneInTheSameWriteIsNeverRead() throws IOException {
        String tag = tag();
        try (HostilePeer p = dial()) {
            Hello theirs = p.expect(Hello.class);
            byte[] good = HandshakeCrypto.proof(COOKIE, HandshakeCrypto.transcript(HandshakeCrypto.DIALER, p.nonce(),
                    theirs.nonce(), p.uid(), theirs.uid(), p.reached()));
            p.send(p.dialerHello(), new Auth(new byte[32]), new Auth(good),
                    p.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(p, AuthenticationFailed.class, "wrong cookie");
        }
        assertNothingRanAndServed(tag);
    }

    @Test
    void aGoodHandshakeWrittenAfterARefusedHelloInTheSameWriteIsNeverRead() throws IOException {
        String tag = tag();
        try (HostilePeer p = dial()) {
            Hello theirs = p.expect(Hello.class);
            byte[] good = HandshakeCrypto.proof(COOKIE, HandshakeCrypto.transcript(HandshakeCrypto.DIALER, p.nonce(),
                    theirs.nonce(), p.uid(), theirs.uid(), p.reached()));
            p.send(new Hello(p.uid(), 1, p.nonce(), p.reached()), p.dialerHello(), new Auth(good),
                    p.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(p, ProtocolError.class, "protocol version 1");
        }
        assertNothingRanAndServed(tag);
    }

    // 7. anything but hello and auth before authentication

    static Stream<Arguments> nonHandshakeMessages() {
        ErrorBox box = new ErrorBox("java.lang.IllegalStateException", "x", "", ActorUid.random("e"), List.of());
        return Stream.of(
                Arguments.of("cmd", (Function<HostilePeer, Msg>) p -> p.cmd("victim", "touch", Map.of("tag", "_"))),
                Arguments.of("functype", (Function<HostilePeer, Msg>) p -> new Functype("c1", Functype.Kind.ASYNCFUNC)),
                Arguments.of("started", (Function<HostilePeer, Msg>) p -> new Started("c1", 1)),
                Arguments.of("yield", (Function<HostilePeer, Msg>) p -> new Yield("c1", 1)),
                Arguments.of("stop", (Function<HostilePeer, Msg>) p -> new Stop("c1")),
                Arguments.of("credit", (Function<HostilePeer, Msg>) p -> new Credit("c1", 1000)),
                Arguments.of("return", (Function<HostilePeer, Msg>) p -> new Return("c1", 1)),
                Arguments.of("error", (Function<HostilePeer, Msg>) p -> new ErrorMsg("c1", box)));
    }

    @ParameterizedTest(name = "{0} before any hello")
    @MethodSource("nonHandshakeMessages")
    void aNonHandshakeMessageBeforeTheHelloIsRefusedAndNothingRuns(String kind, Function<HostilePeer, Msg> make)
            throws IOException {
        String tag = tag();
        try (HostilePeer p = dial()) {
            p.expect(Hello.class);
            p.send(make.apply(p), p.dialerHello(), p.cmd("victim", "touch", Map.of("tag", tag)));
            assertClosedUnproven(p, kind);
        }
        assertNothingRanAndServed(tag);
    }

    @ParameterizedTest(name = "{0} between hello and auth")
    @MethodSource("nonHandshakeMessages")
    void aNonHandshakeMessageBeforeTheAuthIsRefusedAndNothingRuns(String kind, Function<HostilePeer, Msg> make)
            throws IOException {
        String tag = tag();
        try (HostilePeer p = dial()) {
            p.expect(Hello.class);
            p.send(p.dialerHello(), make.apply(p), p.cmd("victim", "touch", Map.of("tag", tag)));
            assertClosedUnproven(p, kind);
        }
        assertNothingRanAndServed(tag);
    }

    @Test
    void aMessageOfAnUnknownKindBeforeAuthenticationIsRefused() throws IOException {
        String tag = tag();
        try (HostilePeer p = dial()) {
            p.expect(Hello.class);
            p.send(p.dialerHello());
            p.sendFrame(new byte[] {(byte) 0x81, (byte) 0xa5, 'b', 'o', 'g', 'u', 's', 0x01});
            try {
                p.send(p.cmd("victim", "touch", Map.of("tag", tag)));
            } catch (IOException alreadyClosed) {
                // the refusal may close the connection before this frame is written: nothing can run either way
            }
            assertRefused(p, AuthenticationFailed.class, "before completing the handshake");
        }
        assertNothingRanAndServed(tag);
    }

    @Test
    void anAuthBeforeAnyHelloAndASecondHelloAreRefused() throws IOException {
        String tag = tag();
        try (HostilePeer p = dial()) {
            p.expect(Hello.class);
            p.send(new Auth(new byte[32]), p.dialerHello(), p.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(p, AuthenticationFailed.class, "before completing the handshake");
        }
        try (HostilePeer p = dial()) {
            p.expect(Hello.class);
            p.send(p.dialerHello(), p.dialerHello(), p.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(p, AuthenticationFailed.class, "a second hello");
        }
        assertNothingRanAndServed(tag);
    }

    // helpers

    HostilePeer dial() throws IOException {
        return HostilePeer.dial(victim.address());
    }

    static String tag() {
        return "attack-" + UUID.randomUUID();
    }

    Map<String, Object> selfArguments(String fn) {
        return switch (fn) {
            case "cancelTask" -> Map.of("cid", "c1");
            case "registerActor" -> Map.of("uid", List.of("intruder", UUID.randomUUID().toString()),
                    "addr", List.of("tcp", "127.0.0.1", 9));
            case "unregisterActor" -> Map.of("uid", List.of(victim.uid().name(), victim.uid().uuid()));
            case "registryPage" -> Map.of("maxBytes", 4096);
            case "findActor" -> Map.of("name", "victim");
            default -> Map.of();
        };
    }

    /** The peer got a refusal of {@code type} whose message has {@code text}, no proof, and was closed. */
    static ErrorMsg assertRefused(HostilePeer p, Class<? extends RuntimeException> type, String text) {
        ErrorMsg e = p.refusal();
        assertThat(e.box().type()).isEqualTo(type.getName());
        assertThat(e.box().message()).contains(text);
        assertThat(p.closedWithin(WAIT)).as("closed after the refusal").isTrue();
        assertThat(p.received()).noneMatch(Auth.class::isInstance);
        assertThat(p.received()).filteredOn(m -> !(m instanceof Hello)).hasSize(1);
        return e;
    }

    /** The peer was closed without a proof; any answer it got is a refusal of the handshake. */
    static void assertClosedUnproven(HostilePeer p, String kind) {
        assertThat(p.closedWithin(WAIT)).as("closed after a premature " + kind).isTrue();
        assertThat(p.received()).noneMatch(Auth.class::isInstance);
        List<Msg> answers = p.received().stream().filter(m -> !(m instanceof Hello)).toList();
        if (kind.equals("error")) {
            assertThat(answers).isEmpty();
        } else {
            assertThat(answers).singleElement().isInstanceOfSatisfying(ErrorMsg.class, e -> {
                assertThat(e.box().type()).isEqualTo(AuthenticationFailed.class.getName());
                assertThat(e.box().message()).contains("before completing the handshake");
            });
        }
    }

    /** No attack ran the victim function, and a legitimate client on a new connection is served. */
    void assertNothingRanAndServed(String tag) {
        assertThat(Victim.calls(tag)).as("calls made by the attack").isZero();
        String legit = "legit-" + UUID.randomUUID();
        assertThat(client.connect(victim.address()).run("victim", "touch", Map.of("tag", legit))).isEqualTo(1);
        assertThat(Victim.calls(tag)).isZero();
    }
}
