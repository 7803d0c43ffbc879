package dev.tractor.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing the class path and options of a class data archive, without starting JVMs. */
class ClassDataCacheTests {

    @TempDir
    Path tmp;

    private Path classes() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("classes/dev/example"));
        Files.writeString(dir.resolve("A.class"), "not really a class");
        Files.writeString(tmp.resolve("classes/app.properties"), "x=1");
        return tmp.resolve("classes");
    }

    @Test
    void aDirectoryIsPackedIntoAJarWithItsDirectoryEntriesAndTheArchiveOptionsAreGiven() throws IOException {
        Path cache = tmp.resolve("cache");
        ClassDataCache.Launch launch = ClassDataCache.in(cache).launch(classes().toString(), List.of("-XX:+UseSerialGC"));
        assertThat(launch.classPath()).startsWith(cache.toString()).endsWith(".jar").doesNotContain(File.pathSeparator);
        try (JarFile jar = new JarFile(launch.classPath())) {
            assertThat(Collections.list(jar.entries())).extracting(e -> e.getName())
                    .contains("dev/", "dev/example/", "dev/example/A.class", "app.properties");
        }
        assertThat(launch.jvmOptions()).anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=" + cache))
                .contains("-XX:+AutoCreateSharedArchive");
        assertThat(Files.getPosixFilePermissions(cache)).hasToString("[OWNER_READ, OWNER_WRITE, OWNER_EXECUTE]");
    }

    @Test
    void changedContentGetsANewJarAndANewArchiveButSystemPropertiesDoNot() throws IOException {
        Path classes = classes();
        ClassDataCache cache = ClassDataCache.in(tmp.resolve("cache-a"));
        ClassDataCache.Launch first = cache.launch(classes.toString(), List.of("-Dname=one"));
        assertThat(first.jvmOptions()).as("the first child writes the archive").isNotEmpty();
        ClassDataCache.Launch otherName = cache.launch(classes.toString(), List.of("-Dname=two"));
        assertThat(otherName.classPath()).isEqualTo(first.classPath());
        assertThat(otherName.jvmOptions()).as("the same archive, which the first child is writing: one at a time")
                .isEmpty();
        ClassDataCache.Launch otherGc = cache.launch(classes.toString(), List.of("-XX:+UseParallelGC"));
        assertThat(otherGc.jvmOptions()).as("another layout, another archive").isNotEmpty()
                .isNotEqualTo(first.jvmOptions());

        Files.writeString(classes.resolve("dev/example/B.class"), "another");
        ClassDataCache.Launch changed = ClassDataCache.in(tmp.resolve("cache-b")).launch(classes.toString(), List.of());
        assertThat(Path.of(changed.classPath()).getFileName()).isNotEqualTo(Path.of(first.classPath()).getFileName());
    }

    @Test
    void aSpringBootExecutableJarGetsNoArchiveAsItsNestedJarsCannotBeArchived() throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        Path app = tmp.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(app); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        ClassDataCache.Launch launch = ClassDataCache.in(tmp.resolve("cache-boot")).launch(app.toString(), List.of());
        assertThat(launch).isEqualTo(new ClassDataCache.Launch(app.toString(), List.of()));
    }

    @Test
    void aManifestOnlyJarIsExpandedToTheEntriesItNames() throws IOException {
        Path lib = Files.writeString(tmp.resolve("lib.jar"), "");
        Path classes = classes();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib.jar classes/");
        Path booter = tmp.resolve("booter.jar");
        try (OutputStream out = Files.newOutputStream(booter); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        assertThat(ClassDataCache.expand(booter.toString())).containsExactly(lib, classes);
    }

    @Test
    void aCacheThatCannotBeMadeLeavesTheClassPathAsItWasWithoutAnArchive() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String classPath = classes().toString();
        ClassDataCache.Launch launch = ClassDataCache.in(file.resolve("cache")).launch(classPath, List.of());
        assertThat(launch.classPath()).isEqualTo(classPath);
        assertThat(launch.jvmOptions()).isEmpty();
    }

    @Test
    void commandsThatDifferOnlyInTheArchiveStartTheSameChild() {
        List<String> plain = List.of("java", "-Xms16m", "-cp", "a.jar", "Main");
        List<String> archived = List.of("java", "-Xms16m", "-XX:SharedArchiveFile=/c/x.jsa", "-XX:+AutoCreateSharedArchive",
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", "a.jar", "Main");
        assertThat(ClassDataCache.withoutArchiveOptions(archived)).isEqualTo(plain);
        assertThat(ClassDataCache.withoutArchiveOptions(List.of("java", "-Xmx1g", "Main")))
                .isNotEqualTo(ClassDataCache.withoutArchiveOptions(plain));
    }
}
