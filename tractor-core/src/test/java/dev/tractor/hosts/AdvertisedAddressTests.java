package dev.tractor.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.tractor.Address;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Programs;
import dev.tractor.testing.WildcardRootMain;
import dev.tractor.transport.AdvertisedAddresses;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an actor registers and hands out for the address it listens on. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdvertisedAddressTests {

    private static final List<Address> LOOPBACK_REGISTRAR = List.of(Address.tcp("127.0.0.1", 1616));

    @Test
    void aSpecificBindIsAdvertisedAsItIs() {
        Address bound = Address.tcp("127.0.0.1", 4000);
        assertThat(AdvertisedAddresses.of(bound, null, 0, LOOPBACK_REGISTRAR)).isEqualTo(bound);
    }

    @Test
    void aConfiguredHostAndPortWin() {
        Address bound = Address.tcp("0.0.0.0", 4000);
        assertThat(AdvertisedAddresses.of(bound, "node-1.example", 0, LOOPBACK_REGISTRAR))
                .isEqualTo(Address.tcp("node-1.example", 4000));
        assertThat(AdvertisedAddresses.of(Address.tcp("127.0.0.1", 4000), null, 9000, LOOPBACK_REGISTRAR))
                .isEqualTo(Address.tcp("127.0.0.1", 9000));
    }

    @Test
    void aWildcardBindAdvertisesTheAddressThatRoutesToTheRegistrar() {
        for (String wildcard : List.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0")) {
            assertThat(AdvertisedAddresses.of(Address.tcp(wildcard, 4000), null, 0, LOOPBACK_REGISTRAR))
                    .as(wildcard).isEqualTo(Address.tcp("127.0.0.1", 4000));
        }
    }

    @Test
    void aWildcardRegistrarWithNoOtherToRouteToAdvertisesAnInterfaceAddressNeverTheWildcard() {
        Address advertised = AdvertisedAddresses.of(Address.tcp("0.0.0.0", 1616), null, 0,
                List.of(Address.tcp("0.0.0.0", 1616)));
        assertThat(AdvertisedAddresses.isWildcard(advertised.host())).isFalse();
        assertThat(advertised.port()).isEqualTo(1616);
    }

    @Test
    void unixSocketsAreAdvertisedAsTheyAre() {
        Address uds = new Address("uds", "/tmp/x.sock", 0);
        assertThat(AdvertisedAddresses.of(uds, "node-1.example", 9000, LOOPBACK_REGISTRAR)).isEqualTo(uds);
    }

    @Test
    void wildcardsAreToldFromNamesAndSpecificAddresses() {
        assertThat(AdvertisedAddresses.isWildcard("0.0.0.0")).isTrue();
        assertThat(AdvertisedAddresses.isWildcard("::")).isTrue();
        assertThat(AdvertisedAddresses.isWildcard("")).isTrue();
        assertThat(AdvertisedAddresses.isWildcard("127.0.0.1")).isFalse();
        assertThat(AdvertisedAddresses.isWildcard("::1")).isFalse();
        assertThat(AdvertisedAddresses.isWildcard("localhost")).isFalse();
    }

    /**
     * The README's wildcard example end to end, in a network namespace of its own whose only interface is loopback
     * (so a wildcard listener is reachable on nothing else): the registrar root and its child register routable
     * addresses, and the child is found by name and called.
     */
    @Test
    void aRootOnTheWildcardAddressRegistersRoutableAddressesForItselfAndItsChildren() throws Exception {
        assumeThat(new File("/usr/bin/unshare").canExecute() && "root".equals(System.getProperty("user.name")))
                .as("needs unshare(1) and root to create a private network namespace; skipped here").isTrue();
        int port = 20_000 + (int) (ProcessHandle.current().pid() % 20_000);
        List<String> java = Programs.command(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                WildcardRootMain.class, Integer.toString(port), "wildcard-test");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/unshare", "--net", "sh", "-c",
                "ip link set lo up && exec \"$0\" \"$@\""));
        cmd.addAll(java);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<List<String>> output = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (java.io.IOException ignored) {
                // the process is gone
            }
            return lines;
        });
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the wildcard root finished").isTrue();
            List<String> lines = output.get(10, TimeUnit.SECONDS);
            lines.forEach(l -> System.out.println("[wildcard] " + l));
            assertThat(p.exitValue()).isZero();
            assertThat(lines).contains("ADDRESS tcp://127.0.0.1:" + port, "CALLED 81");
            String registry = lines.stream().filter(l -> l.startsWith("REGISTRY ")).findFirst().orElseThrow();
            assertThat(registry).contains("127.0.0.1").doesNotContain("0.0.0.0").doesNotContain("0:0:0:0");
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
