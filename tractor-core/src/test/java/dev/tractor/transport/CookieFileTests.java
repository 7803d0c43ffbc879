package dev.tractor.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorRuntime;
import dev.tractor.AuthenticationFailed;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.DefaultCookieRootMain;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Programs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-user cookie file: created owner-only on first use and reused after, refused when others may read it, and
 * the reason two default-configured programs of one user meet in one registry while a program with another cookie
 * is refused with a message that says how to fix it.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CookieFileTests {

    @TempDir
    Path home;

    @Test
    void createdOwnerOnlyOnFirstUseAndTheSameAfter() throws IOException {
        Path file = home.resolve(".tractor").resolve("cookie");
        String first = CookieFile.readOrCreate(file);
        assertThat(first).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(CookieFile.readOrCreate(file)).isEqualTo(first);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void aCookieFileOthersMayReadIsRefused() throws IOException {
        Path file = home.resolve("cookie");
        Files.writeString(file, "open-secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Tractor.openRoot(TractorConfig.builder().registry("127.0.0.1", 0).cookieFile(file).build()))
                .isInstanceOf(TractorException.class)
                .hasMessageContaining("open to other users").hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void aConfiguredCookieWinsAndTheConfigurationNeverPrintsIt() {
        TractorConfig config = TractorConfig.builder().cookie("s3cr3t-cookie-value").cookieFile(home.resolve("unused"))
                .build();
        assertThat(config.toString()).doesNotContain("s3cr3t-cookie-value").contains("cookie=(set)");
        try (ActorRuntime root = Tractor.openRoot(config.toBuilder().registry("127.0.0.1", 0).build())) {
            assertThat(root.address()).isNotNull();
        }
        assertThat(home.resolve("unused")).doesNotExist();
    }

    /**
     * The system property {@code tractor.cookie-file} moves the default cookie file for every root of the JVM: two
     * roots without a configured cookie create and share the file there, owner-only, and the builder option still
     * wins over the property.
     */
    @Test
    void theSystemPropertyMovesTheDefaultCookieFileForEveryRootOfTheJvm() throws Exception {
        Path moved = home.resolve("moved").resolve("cookie");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String before = System.getProperty("tractor.cookie-file");
        System.setProperty("tractor.cookie-file", moved.toString());
        try {
            TractorConfig first = TractorConfig.builder().name("first").registry("127.0.0.1", port).build();
            assertThat(first.cookieFile()).isEqualTo(moved);
            assertThat(first.toString()).contains("cookie=(from " + moved + ")");
            assertThat(TractorConfig.builder().cookieFile(home.resolve("option")).build().cookieFile())
                    .as("the builder option wins").isEqualTo(home.resolve("option"));
            try (ActorRuntime registrar = Tractor.openRoot(first)) {
                assertThat(moved).exists();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(moved))).isEqualTo("rw-------");
                try (ActorRuntime second = Tractor.openRoot(TractorConfig.builder().name("second")
                        .registry("127.0.0.1", port).build())) {
                    assertThat(second.isRegistrar()).isFalse();
                    assertThat(second.findActor("first")).as("found through the shared registrar").isPresent();
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty("tractor.cookie-file");
            } else {
                System.setProperty("tractor.cookie-file", before);
            }
        }
        assertThat(TractorConfig.builder().build().cookieFile()).as("without the property").isNotEqualTo(moved);
    }

    @Test
    void twoDefaultConfiguredProgramsOfOneUserMeetAndAnotherCookieIsToldHowToJoin() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> user = List.of("-Duser.home=" + home);
        try (Programs.Program first = Programs.start(user, DefaultCookieRootMain.class, Integer.toString(port), "alpha")) {
            assertThat(first.awaitLine("READY", 30)).isEqualTo("READY true");
            try (Programs.Program second = Programs.start(user, DefaultCookieRootMain.class, Integer.toString(port),
                    "beta", "alpha")) {
                assertThat(second.awaitLine("READY", 30)).isEqualTo("READY false");
                assertThat(second.awaitLine("FOUND", 30)).startsWith("FOUND [alpha, ");
            }
            Path cookieFile = home.resolve(".tractor").resolve("cookie");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookieFile))).isEqualTo("rw-------");

            Path otherFile = home.resolve("other-user").resolve("cookie");
            assertThatThrownBy(() -> Tractor.openRoot(TractorConfig.builder().name("stranger")
                    .registry("127.0.0.1", port).cookieFile(otherFile).build()))
                    .isInstanceOf(AuthenticationFailed.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("the cookie file " + otherFile)
                    .hasMessageContaining("tractor.cookie-file").hasMessageContaining("tractor.registry.port");
            String theirs = Files.readString(cookieFile).strip();
            try (ActorRuntime joined = Tractor.openRoot(TractorConfig.builder().name("joined")
                    .registry("127.0.0.1", port).cookie(theirs).build())) {
                assertThat(joined.findActor("alpha").orElseThrow().run("self", "ping", Map.of()).toString())
                        .startsWith("[alpha, ");
            }
        }
    }
}
