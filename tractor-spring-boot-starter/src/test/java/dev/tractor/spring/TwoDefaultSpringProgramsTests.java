package dev.tractor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorRuntime;
import dev.tractor.AuthenticationFailed;
import dev.tractor.spring.sample.SampleApplication;
import dev.tractor.testing.NoLeaks;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Spring programs of one user, each configured as a user leaves it (no {@code tractor.cookie}), meet through
 * the cookie file: the first, in this JVM, becomes the registrar and creates the file; the second, a separate JVM,
 * reads the same file, joins the registry and finds and calls the first's actor. A program with another cookie file
 * fails to start with an error naming the registrar and the settings that fix it.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoDefaultSpringProgramsTests {

    @Test
    void twoDefaultConfiguredSpringProgramsMeetThroughTheCookieFile(@TempDir Path home) throws Exception {
        Path cookieFile = home.resolve(".tractor").resolve("cookie");
        int registryPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            registryPort = s.getLocalPort();
        }
        String[] first = {"--tractor.name=first", "--tractor.registry.port=" + registryPort,
                "--tractor.cookie-file=" + cookieFile};
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .web(WebApplicationType.NONE).run(first)) {
            ActorRuntime runtime = context.getBean(ActorRuntime.class);
            assertThat(runtime.isRegistrar()).isTrue();
            assertThat(cookieFile).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookieFile))).isEqualTo("rw-------");

            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command()
                    .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
            cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            if (Runtime.version().feature() >= 24) {
                cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DefaultSpringProgramMain.class.getName(),
                    "first", "--tractor.name=second", "--tractor.registry.port=" + registryPort,
                    "--tractor.cookie-file=" + cookieFile));
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
            builder.environment().remove("TRACTOR_COOKIE");
            Process second = builder.start();
            try {
                assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("the second program ended").isTrue();
                String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(out).as("the second program's output").contains("FOUND [first, " + runtime.uid().uuid() + "]");
            } finally {
                second.destroyForcibly();
            }

            Path otherCookieFile = home.resolve("other").resolve("cookie");
            String[] stranger = {"--tractor.name=third", "--tractor.registry.port=" + registryPort,
                    "--tractor.cookie-file=" + otherCookieFile};
            Throwable failed = null;
            try (ConfigurableApplicationContext third = new SpringApplicationBuilder(SampleApplication.class)
                    .web(WebApplicationType.NONE).run(stranger)) {
                // reaching here is the failure asserted below
            } catch (RuntimeException e) {
                failed = e;
            }
            assertThat(failed).as("a program with another cookie file fails to start").isNotNull();
            Throwable cause = failed;
            while (cause != null && !(cause instanceof AuthenticationFailed)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("the cause of %s", failed).isInstanceOf(AuthenticationFailed.class);
            assertThat(cause.getMessage()).contains("the registrar at tcp://127.0.0.1:" + registryPort)
                    .contains("the cookie file " + otherCookieFile.toAbsolutePath())
                    .contains("tractor.cookie-file").contains("tractor.cookie").contains("tractor.registry.port");
            assertThat(runtime.findActor("third")).isEmpty();
        }
    }
}
