package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.QuietRootMain;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A first program run with plain {@code java} — none of the JDK 24+ opt-ins on its command line — prints no JVM
 * warnings, in the root or in its child (whose output the root relays).
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class QuietStartTests {

    @Test
    void aRootStartedWithPlainJavaAndItsChildPrintNoWarnings() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                QuietRootMain.class.getName())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("SQUARE 144").doesNotContain("WARNING").doesNotContain("SLF4J(W)");
    }
}
