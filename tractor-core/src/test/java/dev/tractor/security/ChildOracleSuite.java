package dev.tractor.security;

import static dev.tractor.security.HandshakeAttackSuite.assertRefused;
import static dev.tractor.security.HandshakeAttackSuite.tag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Address;
import dev.tractor.AuthenticationFailed;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import dev.tractor.testing.HostilePeer;
import dev.tractor.testing.NoLeaks;
import dev.tractor.wire.Auth;
import dev.tractor.wire.Hello;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real parent and child process as oracles for each other: a hostile listener that one of them dials gets that
 * actor's dialer proof, made towards the hostile listener while it poses as the other one with the other's own
 * nonce, and relays it to the other one. The proof names the address it was made for, so the other refuses it; no
 * function runs in either process, both still serve legitimate calls, and no process is left behind. Each subclass
 * runs the suite over one transport.
 */
@ExtendWith(NoLeaks.PerClass.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ChildOracleSuite {

    static final String COOKIE = "child-oracle-tree";
    static final Duration WAIT = HostilePeer.WAIT;

    ActorRuntime parent;
    ActorNursery nursery;
    Portal child;
    Address childAddress;

    /** The transport both actors listen on. */
    abstract Transport transport();

    @BeforeAll
    void start() {
        parent = Tractor.openRoot(TractorConfig.builder().name("parent").cookie(COOKIE).enableModules(Victim.class)
                .registry("127.0.0.1", 0).transport(transport()).cancelGracePeriod(Duration.ofSeconds(2)).build());
        nursery = parent.openNursery();
        child = nursery.startActor("oracle");
        childAddress = Address.parse((String) child.run("self", "status", Map.of(), Map.class).get("address"));
        assertThat(childAddress.transport()).isEqualTo(transport().wireName());
    }

    @AfterAll
    void stop() {
        try {
            nursery.close();
        } finally {
            parent.close();
        }
    }

    @ParameterizedTest(name = "relayed with the hello naming {0}")
    @ValueSource(strings = {"the parent's address", "the address the child proved for"})
    void aProofTheChildMadeWhileDialingAStrangerIsNoGoodAtItsParent(String to) throws Exception {
        String tag = tag();
        try (HostilePeer.Listener trap = HostilePeer.Listener.open(transport().wireName());
             HostilePeer toParent = HostilePeer.dial(parent.address())) {
            Hello parentHello = toParent.expect(Hello.class);
            CompletableFuture<Object> dialing = CompletableFuture.supplyAsync(
                    () -> child.run("victim", "reach", Map.of("address", trap.address().toString())));
            HostilePeer fromChild = trap.accept(WAIT);
            fromChild.send(new Hello(parentHello.uid(), 2, parentHello.nonce()));
            Hello childHello = fromChild.expect(Hello.class);
            Auth childProof = fromChild.expect(Auth.class);
            assertThat(childHello.to()).isEqualTo(trap.address());

            toParent.as(childHello.uid());
            Address named = to.startsWith("the parent") ? toParent.reached() : childHello.to();
            toParent.send(new Hello(childHello.uid(), 2, childHello.nonce(), named), childProof,
                    toParent.cmd("victim", "touch", Map.of("tag", tag)), toParent.cmd("self", "cancel", Map.of()));
            assertRefused(toParent, AuthenticationFailed.class,
                    named.equals(toParent.reached()) ? "wrong cookie" : "accepted at");
            fromChild.close();
            assertThat((String) dialing.get(10, TimeUnit.SECONDS)).startsWith("failed");
        }
        assertNothingRanAndBothServed(tag);
    }

    @ParameterizedTest(name = "relayed with the hello naming {0}")
    @ValueSource(strings = {"the child's address", "the address the parent proved for"})
    void aProofTheParentMadeWhileDialingAStrangerIsNoGoodAtItsChild(String to) throws Exception {
        String tag = tag();
        try (HostilePeer.Listener trap = HostilePeer.Listener.open(transport().wireName());
             HostilePeer toChild = HostilePeer.dial(childAddress)) {
            Hello childHello = toChild.expect(Hello.class);
            CompletableFuture<Portal> dialing = CompletableFuture.supplyAsync(() -> parent.connect(trap.address()));
            HostilePeer fromParent = trap.accept(WAIT);
            fromParent.send(new Hello(childHello.uid(), 2, childHello.nonce()));
            Hello parentHello = fromParent.expect(Hello.class);
            Auth parentProof = fromParent.expect(Auth.class);

            toChild.as(parentHello.uid());
            Address named = to.startsWith("the child") ? toChild.reached() : parentHello.to();
            toChild.send(new Hello(parentHello.uid(), 2, parentHello.nonce(), named), parentProof,
                    toChild.cmd("victim", "touch", Map.of("tag", tag)), toChild.cmd("self", "cancel", Map.of()));
            assertRefused(toChild, AuthenticationFailed.class,
                    named.equals(toChild.reached()) ? "wrong cookie" : "accepted at");
            fromParent.close();
            assertThat(dialing).failsWithin(10, TimeUnit.SECONDS);
        }
        assertNothingRanAndBothServed(tag);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"child posing as parent", "parent posing as child"})
    void crossingHellosBetweenParentAndChildGetsNeitherToProve(String how) throws IOException {
        String tag = tag();
        try (HostilePeer toParent = HostilePeer.dial(parent.address());
             HostilePeer toChild = HostilePeer.dial(childAddress)) {
            Hello parentHello = toParent.expect(Hello.class);
            Hello childHello = toChild.expect(Hello.class);
            boolean childFirst = how.startsWith("child");
            HostilePeer first = childFirst ? toChild : toParent;
            HostilePeer second = childFirst ? toParent : toChild;
            Hello posedFirst = childFirst ? parentHello : childHello;
            Hello posedSecond = childFirst ? childHello : parentHello;
            first.send(new Hello(posedFirst.uid(), 2, posedSecond.nonce(), first.reached()));
            second.send(new Hello(posedSecond.uid(), 2, posedFirst.nonce(), second.reached()));
            assertThat(first.closedWithin(Duration.ofMillis(300))).isFalse();
            assertThat(first.received()).noneMatch(Auth.class::isInstance);
            assertThat(second.received()).noneMatch(Auth.class::isInstance);
            first.send(new Auth(new byte[32]), first.cmd("victim", "touch", Map.of("tag", tag)));
            second.send(new Auth(new byte[32]), second.cmd("victim", "touch", Map.of("tag", tag)));
            assertRefused(first, AuthenticationFailed.class, "wrong cookie");
            assertRefused(second, AuthenticationFailed.class, "wrong cookie");
        }
        assertNothingRanAndBothServed(tag);
    }

    /** Neither process ran the attack's call; both answer legitimate calls (the child over its portal). */
    void assertNothingRanAndBothServed(String tag) {
        assertThat(Victim.calls(tag)).as("calls the attack made in the parent").isZero();
        assertThat(child.run("victim", "count", Map.of("tag", tag))).as("calls the attack made in the child")
                .isEqualTo(0);
        assertThat(child.run("victim", "touch", Map.of("tag", "legit-" + tag))).isEqualTo(1);
        assertThat(parent.connect(parent.address()).run("victim", "touch", Map.of("tag", "legit-" + tag)))
                .isEqualTo(1);
        assertThat(ProcessHandle.current().children().count()).isEqualTo(1);
    }
}
