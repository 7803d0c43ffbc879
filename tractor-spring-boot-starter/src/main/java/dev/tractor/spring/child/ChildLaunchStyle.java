package dev.tractor.spring.child;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * How a child JVM finds the application's classes. Normally the child gets this process's class path
 * and runs {@link TractorChildMain} directly. When this process was started as a Spring Boot
 * executable jar ({@code java -jar app.jar}), the class path is that one jar, whose classes and
 * libraries are nested inside it: the child then runs the jar's {@code PropertiesLauncher} with
 * {@code -Dloader.main} naming {@link TractorChildMain}.
 *
 * @param mainClass the class the child JVM runs
 * @param jvmArgs   JVM options that select the child entry point (empty for a plain class path)
 */
public record ChildLaunchStyle(String mainClass, List<String> jvmArgs) {

    /** Spring Boot's launcher that reads {@code loader.main}; present in every executable Boot jar. */
    public static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private static final String BOOT_LOADER_PACKAGE = "org.springframework.boot.loader.";

    public ChildLaunchStyle {
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** The style for this process's class path. */
    public static ChildLaunchStyle current() {
        return forClassPath(System.getProperty("java.class.path", ""));
    }

    /** The style for a process whose {@code java.class.path} is {@code classPath}. */
    public static ChildLaunchStyle forClassPath(String classPath) {
        if (isExecutableBootJar(classPath)) {
            return new ChildLaunchStyle(PROPERTIES_LAUNCHER, List.of("-Dloader.main=" + TractorChildMain.class.getName()));
        }
        return new ChildLaunchStyle(TractorChildMain.class.getName(), List.of());
    }

    /** Whether this style starts children through Spring Boot's launcher. */
    public boolean viaBootLauncher() {
        return PROPERTIES_LAUNCHER.equals(mainClass);
    }

    private static boolean isExecutableBootJar(String classPath) {
        if (classPath.isEmpty() || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        File jar = new File(classPath);
        if (!jar.isFile()) {
            return false;
        }
        try (JarFile file = new JarFile(jar)) {
            Manifest manifest = file.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            return main != null && main.startsWith(BOOT_LOADER_PACKAGE);
        } catch (IOException e) {
            return false;
        }
    }
}
