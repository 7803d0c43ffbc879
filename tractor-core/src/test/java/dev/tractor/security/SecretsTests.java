package dev.tractor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import dev.tractor.testing.HostilePeer;
import dev.tractor.testing.NoLeaks;
import dev.tractor.transport.HandshakeCrypto;
import dev.tractor.wire.Auth;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Hello;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tree's cookie shows nowhere another user or a log reader could see it: not in {@link TractorConfig#toString()},
 * not in the Unix socket paths of a root or of its child, not on the child's command line, not in the refusal a
 * stranger receives. Nor does any prefix of the cookie's encodings or of its SHA-256 hash appear there.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretsTests {

    /** The first 8 characters of every encoding of {@code cookie} and of its SHA-256 hash. */
    static List<String> tellTales(String cookie) throws Exception {
        byte[] raw = cookie.getBytes(StandardCharsets.UTF_8);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw);
        List<String> forms = new ArrayList<>(List.of(cookie));
        for (byte[] b : List.of(raw, hash, Base64.getUrlDecoder().decode(cookie))) {
            forms.add(HexFormat.of().formatHex(b));
            forms.add(HexFormat.of().withUpperCase().formatHex(b));
            forms.add(Base64.getEncoder().encodeToString(b));
            forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        }
        return forms.stream().map(f -> f.substring(0, 8)).distinct().toList();
    }

    static void assertNoTellTale(String what, String text, String cookie) throws Exception {
        assertThat(text).as(what).doesNotContain(cookie);
        for (String t : tellTales(cookie)) {
            assertThat(text).as(what + " (looking for " + t + ")").doesNotContain(t);
        }
    }

    @Test
    void theConfigurationNeverPrintsTheCookieOrAHashOfIt() throws Exception {
        String cookie = HandshakeCrypto.randomCookie();
        TractorConfig config = TractorConfig.builder().name("secretive").cookie(cookie).build();
        assertNoTellTale("toString", config.toString(), cookie);
        assertNoTellTale("toString of a rebuilt copy", config.toBuilder().name("copy").build().toString(), cookie);
        assertThat(config.toString()).contains("cookie=(set)");
    }

    @Test
    void socketPathsCommandLinesAndRefusalsCarryNoTraceOfTheCookie() throws Exception {
        String cookie = HandshakeCrypto.randomCookie();
        try (ActorRuntime root = Tractor.openRoot(TractorConfig.builder().name("secretive").cookie(cookie)
                .enableModules(Victim.class).registry("127.0.0.1", 0).transport(Transport.UDS)
                .cancelGracePeriod(Duration.ofSeconds(2)).build());
             ActorNursery n = root.openNursery()) {
            Portal child = n.startActor("secret-keeper");
            Map<?, ?> status = child.run("self", "status", Map.of(), Map.class);
            String childAddress = (String) status.get("address");
            assertThat(childAddress).startsWith("uds://");
            assertNoTellTale("root socket", root.address().host(), cookie);
            assertNoTellTale("child socket", childAddress, cookie);
            assertNoTellTale("socket directory", Path.of(root.address().host()).getParent().toString(), cookie);
            long pid = ((Number) status.get("pid")).longValue();
            String commandLine = ProcessHandle.of(pid).orElseThrow().info().commandLine().orElse("");
            assertThat(commandLine).contains("java");
            assertNoTellTale("child command line", commandLine, cookie);
            assertNoTellTale("child status", status.toString(), cookie);

            try (HostilePeer stranger = HostilePeer.dial(root.address())) {
                stranger.expect(Hello.class);
                stranger.send(stranger.dialerHello(), new Auth(new byte[32]));
                ErrorMsg refusal = stranger.refusal();
                assertNoTellTale("refusal", refusal.box().toString(), cookie);
            }
            assertThat(child.run("victim", "touch", Map.of("tag", "legit"))).isEqualTo(1);
        }
    }
}
