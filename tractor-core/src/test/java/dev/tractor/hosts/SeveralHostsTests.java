package dev.tractor.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorDied;
import dev.tractor.ActorRuntime;
import dev.tractor.Address;
import dev.tractor.ContextHandle;
import dev.tractor.Heartbeat;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.Calc;
import dev.tractor.testing.HostMain;
import dev.tractor.testing.LinkProxy;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Programs;
import dev.tractor.testing.RootProcess;
import dev.tractor.testing.Signals;
import dev.tractor.testing.TestCertificates;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hosts, each its own program (a root, with a child where a test needs one) or this test's own root, joined
 * over loopback; a link between two of them goes through a {@link LinkProxy} where a test cuts it. Every host runs a
 * heartbeat of 200 ms with a tolerance of 1 s, so "within the tolerance + 1 s" is 2 s.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SeveralHostsTests {

    private static final String COOKIE = "several-hosts-tests";
    private static final Heartbeat HEARTBEAT = new Heartbeat(Duration.ofMillis(200), Duration.ofSeconds(1));
    private static final Duration BOUND = HEARTBEAT.tolerance().plusSeconds(1);
    private static final List<String> HOST_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Dtractor.heartbeat.interval=200ms", "-Dtractor.heartbeat.tolerance=1s");

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String registry(int... ports) {
        List<String> all = new ArrayList<>();
        for (int p : ports) {
            all.add("tcp://127.0.0.1:" + p);
        }
        return String.join(",", all);
    }

    private static Programs.Program host(List<String> jvm, String name, String registries, String... child)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(name, COOKIE, registries));
        args.addAll(List.of(child));
        return Programs.start(jvm, HostMain.class, args.toArray(String[]::new));
    }

    private static List<String> hostJvm(String... more) {
        List<String> jvm = new ArrayList<>(HOST_JVM);
        jvm.addAll(List.of(more));
        return jvm;
    }

    private static Programs.Program host(String name, String registries, String... child) throws IOException {
        return host(HOST_JVM, name, registries, child);
    }

    /** Starts a host once {@code registrar} is up and serves the registry (so the two never race for its port). */
    private static Programs.Program startedAfter(Programs.Program registrar, HostStart next) throws Exception {
        assertThat(ready(registrar)[1]).as("the first host serves the registry").isEqualTo("true");
        return next.start();
    }

    private interface HostStart {
        Programs.Program start() throws IOException;
    }

    /** {@code READY <registrar?> <address> <childPid>} as its parts. */
    private static String[] ready(Programs.Program p) throws Exception {
        return p.awaitLine("READY", 60).split(" ");
    }

    private static TractorConfig.Builder config(String name, String registries) {
        return TractorConfig.builder().name(name).enableModules(Calc.class).cookie(COOKIE).heartbeat(HEARTBEAT)
                .registries(java.util.Arrays.stream(registries.split(",")).map(Address::parse).toList())
                .cancelGracePeriod(Duration.ofSeconds(2));
    }

    private static long millisSince(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    /** Waits (bounded by {@code bound}) until {@code condition} holds; returns how long that took. */
    private static long within(Duration bound, String what, Supplier<Boolean> condition) {
        long t0 = System.nanoTime();
        Awaitility.await(what).atMost(bound).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(condition::get);
        long took = millisSince(t0);
        System.out.printf("%s: %d ms%n", what, took);
        return took;
    }

    private static boolean registered(ActorRuntime rt, String... names) {
        for (String n : names) {
            if (rt.findActor(n).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean gone(ActorRuntime rt, String... names) {
        for (String n : names) {
            if (rt.findActor(n).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the registrar at {@code registrar} itself has an entry for every one of {@code names}. */
    private static boolean knows(ActorRuntime rt, Address registrar, String... names) {
        Portal r = rt.connect(registrar);
        for (String n : names) {
            if (r.run("self", "findActor", Map.of("name", n)) == null) {
                return false;
            }
        }
        return true;
    }

    @Test
    void callsStreamsAndContextsCrossHostsAndAKilledHostRootIsNoticedEverywhere() throws Exception {
        int port = freePort();
        try (Programs.Program a = host("a", registry(port));
             Programs.Program b = startedAfter(a, () -> host("b", registry(port), "b-worker"))) {
            String[] bReady = ready(b);
            long workerPid = Long.parseLong(bReady[3]);
            try (ActorRuntime c = Tractor.openRoot(config("c", registry(port)).build())) {
                assertThat(c.isRegistrar()).isFalse();
                Portal worker = c.waitForActor("b-worker", Duration.ofSeconds(10));
                assertThat(worker.run("calc", "square", Map.of("x", 7))).isEqualTo(49);
                long t0 = System.nanoTime();
                long sum = 0;
                long items = 0;
                try (ReceiveStream<Integer> s = worker.openStreamFrom("feeds", "count", Map.of("to", 10_000),
                        Integer.class)) {
                    for (int i : s) {
                        sum += i;
                        items++;
                    }
                }
                System.out.printf("10,000-item stream across hosts: %d ms%n", millisSince(t0));
                assertThat(items).isEqualTo(10_000);
                assertThat(sum).isEqualTo(10_000L * 9_999 / 2);
                try (ContextHandle ctx = worker.openContext("echo", "echo", Map.of("start", 3))) {
                    assertThat(ctx.started()).isEqualTo(3);
                    try (MsgStream<Integer> s = ctx.openStream(Integer.class)) {
                        s.send(41);
                        assertThat(s.receive()).isEqualTo(41);
                    }
                }

                try (Programs.Program stranger = Programs.start(HOST_JVM, HostMain.class, "stranger",
                        "another-cookie", registry(port))) {
                    assertThat(stranger.process().waitFor(30, TimeUnit.SECONDS))
                            .as("a host with another cookie cannot join the registrar and exits").isTrue();
                    assertThat(stranger.process().exitValue()).isNotZero();
                }
                assertThat(c.findActor("stranger")).isEmpty();

                b.process().destroyForcibly();   // kill -9 of host b's root
                long killed = System.nanoTime();
                assertThat(b.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
                within(BOUND, "b's root and its orphaned child dropped from the registry after kill -9",
                        () -> gone(c, "b", "b-worker"));
                within(Duration.ofSeconds(10), "b's orphaned child exited", () -> !RootProcess.alive(workerPid));
                assertThatThrownBy(() -> worker.run("calc", "square", Map.of("x", 2)))
                        .isInstanceOf(ActorDied.class);
                System.out.printf("kill -9 of b's root handled everywhere within %d ms%n", millisSince(killed));
            }
        }
    }

    @Test
    void aCutLinkFailsEveryCallerWithinTheToleranceAndARestoredLinkServesNewCallsAtOnce() throws Exception {
        int port = freePort();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        int bPort = freePort();
        try (ActorRuntime c = Tractor.openRoot(config("c", registry(port)).build())) {
            // b listens on bPort and advertises the link's end: whoever finds b by name goes over the link
            try (LinkProxy link = LinkProxy.to(bPort);
                 Programs.Program b = host(hostJvm("-Dhost.bindPort=" + bPort, "-Dhost.advertisePort=" + link.port()),
                         "b", registry(port))) {
                assertThat(ready(b)[2]).isEqualTo(link.address().toString());
                Portal overLink = c.findActor("b").orElseThrow();
                assertThat(overLink.run("calc", "square", Map.of("x", 3))).isEqualTo(9);
                CompletableFuture<Object> call = CompletableFuture.supplyAsync(
                        () -> overLink.run("calc", "sleep", Map.of("millis", 60_000)), callers);
                ReceiveStream<Long> stream = overLink.openStreamFrom("feeds", "forever", Map.of("key", "cut"),
                        Long.class);
                stream.receive();
                CompletableFuture<Object> streaming = CompletableFuture.supplyAsync(() -> {
                    while (true) {
                        stream.receive();
                    }
                }, callers);
                ContextHandle ctx = overLink.openContext("echo", "echo", Map.of("start", 1));
                ctx.started();
                MsgStream<Integer> both = ctx.openStream(Integer.class);
                both.send(5);
                assertThat(both.receive()).isEqualTo(5);
                CompletableFuture<Object> context = CompletableFuture.supplyAsync(both::receive, callers);

                link.cut();
                long cut = System.nanoTime();
                for (var in : Map.of("an in-flight call", call, "a stream", streaming, "a context", context)
                        .entrySet()) {
                    within(BOUND, in.getKey() + " over the cut link failed", in.getValue()::isDone);
                    assertThat(in.getValue()).failsWithin(Duration.ZERO)
                            .withThrowableThat().havingCause().isInstanceOf(ActorDied.class);
                }
                long newCall = System.nanoTime();
                assertThatThrownBy(() -> overLink.run("calc", "square", Map.of("x", 2)))
                        .isInstanceOf(TractorException.class);
                System.out.printf("a new call on the existing portal failed %d ms after it was made (%d ms after"
                        + " the cut)%n", millisSince(newCall), millisSince(cut));
                assertThat(millisSince(cut)).isLessThan(BOUND.toMillis() + 500);
                stream.close();
                assertThatThrownBy(ctx::close).as("closing the context reports how it ended")
                        .isInstanceOf(ActorDied.class).hasMessageContaining("no heartbeat");

                link.restore();
                long restored = System.nanoTime();
                Portal again = c.findActor("b").orElseThrow();
                assertThat(again.run("calc", "square", Map.of("x", 4))).isEqualTo(16);
                System.out.printf("a new call after the link was restored answered within %d ms%n",
                        millisSince(restored));
                assertThat(millisSince(restored)).isLessThan(2_000);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aHostCutFromTheRegistrarIsDroppedWithinTheToleranceAndRegistersAgainOnceTheLinkIsBack() throws Exception {
        int port = freePort();
        // the registrar advertises the link's end, as one behind a port forward would: b reaches it over the link
        try (LinkProxy link = LinkProxy.to(port);
             ActorRuntime c = Tractor.openRoot(config("c", registry(port)).advertisePort(link.port()).build());
             Programs.Program b = host("b", registry(link.port()), "b-worker")) {
            assertThat(c.isRegistrar()).isTrue();
            ready(b);
            within(Duration.ofSeconds(10), "b and its child registered over the link",
                    () -> registered(c, "b", "b-worker"));

            link.cut();
            within(BOUND, "the registrar dropped the cut host's entries", () -> gone(c, "b", "b-worker"));
            link.restore();
            within(Duration.ofSeconds(5), "the host registered again, unasked, once the link was back",
                    () -> registered(c, "b", "b-worker"));
            assertThat(c.findActor("b-worker").orElseThrow().run("calc", "square", Map.of("x", 5))).isEqualTo(25);
        }
    }

    @Test
    void withSeveralRegistrarsEveryActorRegistersWithEachAndLookupsFailOverToTheNext() throws Exception {
        int r1 = freePort();
        int r2 = freePort();
        String both = registry(r1, r2);
        Address first = Address.tcp("127.0.0.1", r1);
        Address second = Address.tcp("127.0.0.1", r2);
        try (Programs.Program one = host("one", both)) {
            assertThat(ready(one)[1]).as("the first root serves the first address").isEqualTo("true");
            try (Programs.Program two = host("two", both)) {
                assertThat(ready(two)[1]).as("the second root serves the second address").isEqualTo("true");
                try (Programs.Program b = host("b", both, "b-worker")) {
                    assertThat(ready(b)[1]).isEqualTo("false");
                    severalRegistrars(one, first, second, both);
                }
            }
        }
    }

    private void severalRegistrars(Programs.Program one, Address first, Address second, String both)
            throws Exception {
        try (ActorRuntime c = Tractor.openRoot(config("c", both).build())) {
            assertThat(c.isRegistrar()).isFalse();
            within(Duration.ofSeconds(10), "every actor registered with both registrars", () ->
                    knows(c, first, "one", "two", "b", "b-worker", "c")
                            && knows(c, second, "one", "two", "b", "b-worker", "c"));

            long onePid = one.process().pid();
            Signals.stop(onePid);   // the first registrar goes silent
            try {
                long t0 = System.nanoTime();
                Optional<Portal> found = c.findActor("b-worker");
                long took = millisSince(t0);
                System.out.printf("a lookup with the first registrar silent answered in %d ms%n", took);
                assertThat(found).isPresent();
                assertThat(took).isLessThan(BOUND.toMillis());
            } finally {
                Signals.resume(onePid);
            }

            one.process().destroyForcibly();   // the first registrar dies
            assertThat(one.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            long t1 = System.nanoTime();
            assertThat(c.findActor("b-worker")).isPresent();
            System.out.printf("a lookup with the first registrar killed answered in %d ms%n", millisSince(t1));
            assertThat(c.findActor("b-worker").orElseThrow().run("calc", "square", Map.of("x", 6)))
                    .isEqualTo(36);

            try (Programs.Program restarted = host("one", both)) {
                assertThat(ready(restarted)[1]).isEqualTo("true");
                within(Duration.ofSeconds(10), "a restarted registrar learned every live actor again, unasked",
                        () -> knows(c, first, "one", "two", "b", "b-worker", "c"));
            }
        }
    }

    @Test
    void tlsBetweenHostsServesTheTreeAndRefusesAHostWithoutTheCertificates(@TempDir Path dir) throws Exception {
        TestCertificates ca = new TestCertificates(dir, "hosts");
        var cTls = ca.node("c");
        var bTls = ca.node("b");
        String bFiles = bTls.certificateChain().orElseThrow() + "," + bTls.privateKey().orElseThrow() + ","
                + bTls.trustedCertificates().orElseThrow();
        int port = freePort();
        List<String> jvm = hostJvm("-Dhost.tls=" + bFiles);
        try (ActorRuntime c = Tractor.openRoot(config("c", registry(port)).tls(cTls).build());
             Programs.Program b = host(jvm, "b", registry(port), "b-worker")) {
            assertThat(c.isRegistrar()).isTrue();
            ready(b);
            Portal worker = c.waitForActor("b-worker", Duration.ofSeconds(10));
            assertThat(worker.run("calc", "square", Map.of("x", 8))).isEqualTo(64);

            TestCertificates other = new TestCertificates(dir.resolve("other"), "other");
            assertThatThrownBy(() -> Tractor.openRoot(config("intruder", registry(port))
                    .tls(other.node("intruder")).build()).close())
                    .isInstanceOf(TractorException.class);
            try (Programs.Program plain = host("plain", registry(port))) {
                assertThat(plain.process().waitFor(30, TimeUnit.SECONDS))
                        .as("a host without TLS cannot join the registrar and exits").isTrue();
            }
            assertThat(c.findActor("intruder")).isEmpty();
            assertThat(c.findActor("plain")).isEmpty();
        }
    }
}
