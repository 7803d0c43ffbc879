package dev.tractor.spawn;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class data archive for child JVMs (the JDK's dynamic AppCDS archive): the first child to exit writes the
 * classes it loaded into it, every later child maps them instead of loading them from jars, which roughly halves a
 * cold child's start. The archive lives in a cache directory, named by a hash of the JDK and the class path, so a
 * new JDK or a changed class path gets an archive of its own; the JVM validates it again at every start
 * ({@code -XX:+AutoCreateSharedArchive}) and rebuilds one it rejects, so a stale or damaged archive costs one normal
 * start, never a wrong class.
 *
 * <p>The JVM archives classes from jars only. Class path directories ({@code target/classes}, say) are therefore
 * packed into jars in the cache, again named by a hash of their content, and children get that class path; a
 * manifest-only jar (as Maven Surefire's) is expanded to the entries it names. A Spring Boot executable jar's nested
 * jars cannot be archived: run the extracted layout for that. Thread-safe; the work is done once per process.
 */
public final class ClassDataCache {

    private static final Logger log = LoggerFactory.getLogger(ClassDataCache.class);
    private static final int UNUSED_DAYS = 30;
    private static final int TRAINING_SECONDS = 120;
    /** The first four bytes of a dynamic archive (HotSpot's {@code CDS_DYNAMIC_ARCHIVE_MAGIC}), in native order. */
    private static final int DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

    private static final java.util.Map<Path, ClassDataCache> CACHES = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path directory;
    private final java.util.Map<String, String> classPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<Path> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean broken;
    /** The archives a child of this process is writing now, and since when (monotonic nanoseconds). */
    private final java.util.Map<Path, Long> training = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What a child is started with.
     *
     * @param classPath  its class path (jars where that was possible)
     * @param jvmOptions the options that make it use, or create, the archive; empty if there is none
     */
    public record Launch(String classPath, List<String> jvmOptions) {
    }

    private ClassDataCache(Path directory) {
        this.directory = directory;
    }

    /** The cache in {@code directory}, one per directory and process. */
    public static ClassDataCache in(Path directory) {
        return CACHES.computeIfAbsent(directory.toAbsolutePath().normalize(), ClassDataCache::new);
    }

    /**
     * How to start a child with this process's {@code classPath} and the JVM options {@code jvmOptions} (which are
     * part of the archive's name: options that change the JVM's layout would make the JVM reject another's).
     * Falls back to {@code classPath} without an archive, saying why once, if the cache cannot be prepared.
     */
    public Launch launch(String classPath, List<String> jvmOptions) {
        if (broken || isExecutableBootJar(classPath)) {
            return new Launch(classPath, List.of());
        }
        try {
            String jars = classPaths.computeIfAbsent(classPath, this::packClassPath);
            String jdk = System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
            // system properties do not change what the JVM can map; other options may (GC, compressed oops)
            List<String> layout = jvmOptions.stream().filter(o -> !o.startsWith("-D")).toList();
            Path archive = directory.resolve("classes-"
                    + hash(jdk + "|" + String.join(" ", layout) + "|" + jars).substring(0, 24) + ".jsa");
            if (dropIfNotAnArchive(archive) || Files.exists(archive)) {
                training.remove(archive);   // written (or written wrong): no child is writing it now
            }
            if (!Files.exists(archive) && !becomeTrainer(archive)) {
                return new Launch(jars, List.of());   // another child is writing it: this one starts without
            }
            if (announced.add(archive)) {
                forgetUnused(archive);
                if (Files.exists(archive)) {
                    log.debug("child JVMs use the class data archive {}", archive);
                } else {
                    log.info("child JVMs will use a class data archive, written by the first child to exit: {}", archive);
                }
            }
            return new Launch(jars, List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive",
                    "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        } catch (RuntimeException e) {
            broken = true;
            log.warn("child JVMs start without a class data archive: cannot prepare {}: {}", directory,
                    e.getCause() != null ? e.getCause().toString() : e.toString());
            return new Launch(classPath, List.of());
        }
    }

    private String packClassPath(String classPath) {
        try {
            createOwnerOnly(directory);
            List<String> entries = new ArrayList<>();
            for (Path entry : expand(classPath)) {
                if (Files.isDirectory(entry)) {
                    if (!isEmpty(entry)) {
                        entries.add(packed(entry).toString());
                    }
                } else if (Files.exists(entry)) {
                    entries.add(entry.toString());
                }
            }
            return String.join(File.pathSeparator, entries);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Whether the child being launched writes the missing {@code archive}: one child at a time does (several
     * writing it at once, each at its exit, would slow their exits past the cancel's grace period on a small
     * machine); another may try once {@value #TRAINING_SECONDS} s have passed without the archive appearing.
     */
    private boolean becomeTrainer(Path archive) {
        long now = System.nanoTime();
        Long since = training.get(archive);
        if (since != null && now - since < java.util.concurrent.TimeUnit.SECONDS.toNanos(TRAINING_SECONDS)) {
            return false;
        }
        return since == null ? training.putIfAbsent(archive, now) == null : training.replace(archive, since, now);
    }

    /**
     * {@code command} without the options this cache adds: two commands that differ only in whether the child
     * uses (or writes) the archive start the same child.
     */
    public static List<String> withoutArchiveOptions(List<String> command) {
        return command.stream().filter(a -> !a.startsWith("-XX:SharedArchiveFile=")
                && !a.equals("-XX:+AutoCreateSharedArchive") && !a.startsWith("-Xlog:cds")).toList();
    }

    /**
     * Whether {@code classPath} is a Spring Boot executable jar: its classes live in nested jars, which the JVM
     * cannot archive, so its children start without an archive (the extracted layout has one).
     */
    static boolean isExecutableBootJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar") || !Files.isRegularFile(Path.of(classPath))) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            Manifest m = jar.getManifest();
            String main = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            return main != null && main.startsWith("org.springframework.boot.loader.");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes {@code archive} if it does not start as a dynamic archive does, saying so, and returns true: the JVM
     * would take such a file for a broken base archive, start without any archive and never write a new one.
     * Anything subtler (a truncated archive, one of another JDK or class path) the JVM rejects and rewrites by itself.
     */
    private static boolean dropIfNotAnArchive(Path archive) {
        byte[] head;
        try (var in = Files.newInputStream(archive)) {
            head = in.readNBytes(4);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            head = new byte[0];
        }
        int magic = head.length < 4 ? 0 : java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.nativeOrder()).getInt();
        if (magic != DYNAMIC_ARCHIVE_MAGIC) {
            log.warn("the class data archive {} is not one the JVM can use; deleted: the next child to exit writes it"
                    + " anew, children start without it until then", archive);
            try {
                Files.deleteIfExists(archive);
            } catch (IOException e) {
                log.debug("cannot delete {}: {}", archive, e.toString());
            }
            return true;
        }
        return false;
    }

    /**
     * Archives unused for {@value #UNUSED_DAYS} days go, and packed jars made that long ago and not on a class path
     * of this process. The archive in use is marked used now; a jar is never touched, as the JVM checks its time.
     */
    private void forgetUnused(Path archive) {
        long longAgo = System.currentTimeMillis() - java.time.Duration.ofDays(UNUSED_DAYS).toMillis();
        try {
            Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // not there yet: the first child to exit writes it
        }
        try (var files = Files.list(directory)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                boolean inUse = classPaths.values().stream().anyMatch(cp -> cp.contains(name));
                if (!inUse && (name.endsWith(".jsa") || name.endsWith(".jar"))
                        && Files.getLastModifiedTime(f).toMillis() < longAgo) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            log.debug("cannot tidy {}: {}", directory, e.toString());
        }
    }

    /** Creates {@code dir} readable and writable by this user only (others could plant classes in it otherwise). */
    private static void createOwnerOnly(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** The class path's entries, a manifest-only jar replaced by the entries its manifest names. */
    static List<Path> expand(String classPath) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String s : classPath.split(File.pathSeparator)) {
            if (s.isEmpty()) {
                continue;
            }
            Path entry = Path.of(s).toAbsolutePath();
            List<Path> named = manifestClassPath(entry);
            if (named.isEmpty()) {
                out.add(entry);
            } else {
                out.addAll(named);
            }
        }
        return out;
    }

    /** The entries a jar's manifest {@code Class-Path} names, if the jar holds nothing but its manifest. */
    private static List<Path> manifestClassPath(Path jar) throws IOException {
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            boolean manifestOnly = f.stream().allMatch(e -> e.getName().startsWith("META-INF/"));
            if (cp == null || !manifestOnly) {
                return List.of();
            }
            List<Path> named = new ArrayList<>();
            for (String url : cp.trim().split("\\s+")) {
                URI uri = jar.getParent().toUri().resolve(url);
                named.add(Path.of(uri));
            }
            return named;
        }
    }

    /** A jar of {@code dir}'s files in the cache, named by its path and content; built unless it exists. */
    private Path packed(Path dir) throws IOException {
        TreeMap<String, Path> files = new TreeMap<>();
        StringBuilder listing = new StringBuilder(dir.toString());
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(dir)) {
                    files.put(dir.relativize(d).toString().replace(File.separatorChar, '/') + "/", d);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = dir.relativize(file).toString().replace(File.separatorChar, '/');
                files.put(name, file);
                return FileVisitResult.CONTINUE;
            }
        });
        for (var e : files.entrySet()) {
            if (e.getKey().endsWith("/")) {
                continue;
            }
            BasicFileAttributes a = Files.readAttributes(e.getValue(), BasicFileAttributes.class);
            listing.append('\n').append(e.getKey()).append(' ').append(a.size()).append(' ')
                    .append(a.lastModifiedTime().toMillis());
        }
        Path jar = directory.resolve("dir-" + hash(dir.toString()).substring(0, 12) + "-"
                + hash(listing.toString()).substring(0, 16) + ".jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Path tmp = Files.createTempFile(directory, "packing-", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out)) {
            for (var e : files.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setTime(Files.getLastModifiedTime(e.getValue()).toMillis());
                jos.putNextEntry(z);
                if (!e.getKey().endsWith("/")) {
                    Files.copy(e.getValue(), jos);
                }
                jos.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
