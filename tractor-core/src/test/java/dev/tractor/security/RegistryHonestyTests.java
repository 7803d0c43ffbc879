package dev.tractor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.AuthenticationFailed;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.runtime.Actor;
import dev.tractor.testing.HostilePeer;
import dev.tractor.testing.NoLeaks;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Hello;
import dev.tractor.wire.Auth;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registrar stays honest towards an insider that holds the cookie and completes the handshake as a real client:
 * it registers only the uid the connection authenticated as, only at an address where that actor answers, removes
 * an entry only for the connection that registered it and lets no second connection take a registered uid over;
 * a stranger without the cookie cannot shadow a live name. Every refusal leaves the real entries in place and the
 * real actors reachable through them.
 */
@ExtendWith(NoLeaks.PerClass.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegistryHonestyTests {

    static final String COOKIE = "registry-honesty-tree";

    ActorRuntime registrar;
    ActorRuntime other;

    @BeforeAll
    void start() {
        registrar = Tractor.openRoot(TractorConfig.builder().name("registrar").cookie(COOKIE)
                .enableModules(Victim.class).registry("127.0.0.1", 0).build());
        other = Tractor.openRoot(TractorConfig.builder().name("other").cookie(COOKIE).enableModules(Victim.class)
                .registry("127.0.0.1", registrar.address().port()).build());
        assertThat(registrar.isRegistrar()).isTrue();
        assertThat(other.isRegistrar()).isFalse();
    }

    @AfterAll
    void stop() {
        try {
            other.close();
        } finally {
            registrar.close();
        }
    }

    @AfterEach
    void theRealEntriesStayAndTheRealActorIsReachedThroughThem() {
        assertThat(((Actor) registrar).registry()).containsOnlyKeys("registrar", "other");
        Portal found = registrar.findActor("other").orElseThrow();
        assertThat(found.uid()).isEqualTo(other.uid());
        assertThat(found.run("self", "ping", Map.of())).isEqualTo(List.of(other.uid().name(), other.uid().uuid()));
    }

    HostilePeer insider() throws IOException {
        HostilePeer p = HostilePeer.dial(registrar.address());
        p.handshake(COOKIE);
        return p;
    }

    /** The uid registered under {@code name}, as the registry lists it, or null. */
    Object registered(String name) {
        Object entry = ((Actor) registrar).registry().get(name);
        return entry == null ? null : ((List<?>) entry).get(0);
    }

    static List<Object> uid(ActorUid uid) {
        return List.of(uid.name(), uid.uuid());
    }

    static List<Object> addr(Address a) {
        return List.of(a.transport(), a.host(), a.port());
    }

    @Test
    void anInsiderCannotUnregisterAnotherActor() throws IOException {
        try (HostilePeer p = insider()) {
            ErrorMsg e = p.callRefused("self", "unregisterActor", Map.of("uid", uid(other.uid())));
            assertThat(e.box().message()).contains("only that connection may unregister it");
        }
        try (HostilePeer p = HostilePeer.dial(registrar.address()).as(other.uid())) {
            p.handshake(COOKIE);
            ErrorMsg e = p.callRefused("self", "unregisterActor", Map.of("uid", uid(other.uid())));
            assertThat(e.box().message()).contains("only that connection may unregister it");
        }
    }

    @Test
    void anInsiderCannotRegisterAUidOtherThanItsOwn() throws IOException {
        ActorUid ghost = ActorUid.random("ghost");
        try (HostilePeer p = insider()) {
            assertThat(p.callRefused("self", "registerActor", Map.of("uid", uid(other.uid()),
                    "addr", addr(other.address()))).box().message()).contains("may register only itself");
            assertThat(p.callRefused("self", "registerActor", Map.of("uid", uid(ghost),
                    "addr", addr(other.address()))).box().message()).contains("may register only itself");
        }
        assertThat(registered("ghost")).isNull();
    }

    @Test
    void anInsiderCannotRegisterItselfAtAnotherLiveActorsAddress() throws IOException {
        try (HostilePeer p = insider()) {
            for (Address taken : List.of(other.address(), registrar.address())) {
                ErrorMsg e = p.callRefused("self", "registerActor", Map.of("uid", uid(p.uid()), "addr", addr(taken)));
                assertThat(e.box().message()).contains("answers instead");
            }
            assertThat(registered(p.uid().name())).isNull();
        }
    }

    @Test
    void anInsiderCannotRegisterItselfAtADeadPort() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (HostilePeer p = insider()) {
            ErrorMsg e = p.callRefused("self", "registerActor", Map.of("uid", uid(p.uid()),
                    "addr", addr(Address.tcp("127.0.0.1", dead))));
            assertThat(e.box().message()).contains("cannot reach");
            assertThat(registered(p.uid().name())).isNull();
        }
    }

    @Test
    void anInsiderAuthenticatedUnderALiveActorsUidCannotTakeItsEntryOver() throws IOException {
        try (HostilePeer p = HostilePeer.dial(registrar.address()).as(other.uid())) {
            p.handshake(COOKIE);
            ErrorMsg e = p.callRefused("self", "registerActor", Map.of("uid", uid(other.uid()),
                    "addr", addr(other.address())));
            assertThat(e.box().message()).contains("registered over another connection");
        }
    }

    @Test
    void anEntryRegisteredOverOneLiveConnectionIsNeitherRemovedNorTakenOverFromAnother() throws Exception {
        ActorUid twin = ActorUid.random("twin");
        try (HostilePeer.Listener home = HostilePeer.Listener.open("tcp");
             HostilePeer owner = HostilePeer.dial(registrar.address()).as(twin)) {
            owner.handshake(COOKIE);
            CompletableFuture<Hello> answered = CompletableFuture.supplyAsync(() -> {
                try {
                    return home.accept(HostilePeer.WAIT).acceptHandshake(twin, COOKIE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(owner.callOk("self", "registerActor", Map.of("uid", uid(twin), "addr", addr(home.address()))))
                    .isEqualTo(true);
            assertThat(answered.get(5, TimeUnit.SECONDS).uid().name()).startsWith("registrar");
            assertThat(registered("twin")).isEqualTo(uid(twin));

            try (HostilePeer thief = HostilePeer.dial(registrar.address()).as(twin)) {
                thief.handshake(COOKIE);
                CompletableFuture.runAsync(() -> {
                    try {
                        home.accept(HostilePeer.WAIT).acceptHandshake(twin, COOKIE);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertThat(thief.callRefused("self", "registerActor", Map.of("uid", uid(twin),
                        "addr", addr(home.address()))).box().message()).contains("registered over another connection");
                assertThat(thief.callRefused("self", "unregisterActor", Map.of("uid", uid(twin))).box().message())
                        .contains("only that connection may unregister it");
            }
            assertThat(registered("twin")).isEqualTo(uid(twin));
            assertThat(owner.callOk("self", "unregisterActor", Map.of("uid", uid(twin)))).isEqualTo(true);
            assertThat(registered("twin")).isNull();
        }
    }

    @Test
    void aStrangerWithoutTheCookieCannotShadowALiveName() throws IOException {
        ActorUid shadow = ActorUid.random("other");
        try (HostilePeer.Listener home = HostilePeer.Listener.open("tcp");
             HostilePeer stranger = HostilePeer.dial(registrar.address()).as(shadow)) {
            stranger.expect(Hello.class);
            stranger.send(stranger.dialerHello(), new Auth(new byte[32]),
                    stranger.cmd("self", "registerActor", Map.of("uid", uid(shadow), "addr", addr(home.address()))),
                    stranger.cmd("self", "unregisterActor", Map.of("uid", uid(other.uid()))));
            HandshakeAttackSuite.assertRefused(stranger, AuthenticationFailed.class, "wrong cookie");
        }
        assertThat(registrar.findActor("other").orElseThrow().uid()).isEqualTo(other.uid());
    }
}
