package dev.tractor.spring.child;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorOptions;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorConfig;
import dev.tractor.spawn.SpawnRequest;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the child JVM's command line is built: plain class path, executable Boot jar, inherited settings. */
class ChildLaunchStyleTests {

    @TempDir
    Path dir;

    @Test
    void aPlainClassPathRunsTheChildMainDirectly() {
        ChildLaunchStyle style = ChildLaunchStyle.forClassPath("a.jar" + File.pathSeparator + "classes");
        assertThat(style.mainClass()).isEqualTo(TractorChildMain.class.getName());
        assertThat(style.jvmArgs()).isEmpty();
        assertThat(style.viaBootLauncher()).isFalse();
    }

    @Test
    void anExecutableBootJarRunsTheChildThroughItsLauncher() throws IOException {
        Path boot = jar("app.jar", "org.springframework.boot.loader.launch.JarLauncher");
        ChildLaunchStyle style = ChildLaunchStyle.forClassPath(boot.toString());
        assertThat(style.mainClass()).isEqualTo(ChildLaunchStyle.PROPERTIES_LAUNCHER);
        assertThat(style.jvmArgs()).containsExactly("-Dloader.main=" + TractorChildMain.class.getName());
    }

    @Test
    void anOrdinaryJarIsAPlainClassPath() throws IOException {
        Path plain = jar("lib.jar", "com.example.Main");
        assertThat(ChildLaunchStyle.forClassPath(plain.toString()).viaBootLauncher()).isFalse();
    }

    @Test
    void theCommandNamesTheApplicationAndCarriesTheInheritedSettingsButNotTheCookie() throws IOException {
        Path boot = jar("app.jar", "org.springframework.boot.loader.launch.JarLauncher");
        SpringApplicationSpawnBackend backend = new SpringApplicationSpawnBackend(() -> "com.example.App",
                () -> new String[] {"dev"}, ChildLaunchStyle.forClassPath(boot.toString()));
        TractorConfig config = TractorConfig.builder().name("kid").cookie("secret").streamWindow(32)
                .jvmArgs(List.of("-Xmx64m")).build();
        List<String> command = backend.command(new SpawnRequest(new ActorUid("kid", "u-1"),
                Address.tcp("127.0.0.1", 4000), "secret", config, ActorOptions.DEFAULTS));
        assertThat(command).contains("-Dloader.main=" + TractorChildMain.class.getName(),
                "-D" + SpringApplicationSpawnBackend.APPLICATION_CLASS_PROPERTY + "=com.example.App",
                "-Dspring.profiles.active=dev", "-Dtractor.name=kid", "-Dtractor.stream.window=32",
                "-Dtractor.spawn.jvm-args[0]=-Xmx64m", "-Xmx64m");
        assertThat(command).noneMatch(arg -> arg.contains("secret"));
        assertThat(command.subList(command.size() - 4, command.size()))
                .containsExactly(ChildLaunchStyle.PROPERTIES_LAUNCHER, "kid", "u-1", "tcp://127.0.0.1:4000");
    }

    private Path jar(String name, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
