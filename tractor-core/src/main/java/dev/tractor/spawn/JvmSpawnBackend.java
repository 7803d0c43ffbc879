package dev.tractor.spawn;

import dev.tractor.ActorStartFailed;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts each child actor as a new JVM: the same {@code java} binary as this process, the same class
 * path (a manifest-only jar such as Maven Surefire's keeps working, as its manifest's Class-Path is
 * honoured), {@code -XX:+ExitOnOutOfMemoryError} (configured options may override it), the configured
 * JVM options, and a child main class that gets the child's name, uuid and
 * the parent's address as arguments; cookie and inherited configuration travel in the environment.
 */
public final class JvmSpawnBackend implements PoolableSpawnBackend {

    private final String mainClass;
    private final List<String> extraJvmArgs;
    private final boolean pooling;

    /** The core's child entry point, {@code dev.tractor.runtime.ChildMain}: named, so spawning needs no runtime class. */
    public static final String CORE_CHILD_MAIN = "dev.tractor.runtime.ChildMain";

    /** A backend whose children run the core's child entry point ({@link #CORE_CHILD_MAIN}). */
    public JvmSpawnBackend() {
        this(CORE_CHILD_MAIN);
    }

    /** A backend whose children run {@code mainClass}, which must behave like the core's child entry point. */
    public JvmSpawnBackend(String mainClass) {
        this(mainClass, List.of());
    }

    /**
     * A backend whose children run {@code mainClass} with extra JVM options (system properties, say)
     * placed before the class path.
     */
    public JvmSpawnBackend(String mainClass, List<String> extraJvmArgs) {
        this(mainClass, extraJvmArgs, mainClass.equals(CORE_CHILD_MAIN));
    }

    /**
     * As {@link #JvmSpawnBackend(String, List)}; {@code pooling} says whether {@code mainClass}, started with the
     * single argument {@link PoolClaim#POOLED}, waits for its identity on stdin as the core's child main does.
     */
    public JvmSpawnBackend(String mainClass, List<String> extraJvmArgs, boolean pooling) {
        this.mainClass = mainClass;
        this.extraJvmArgs = List.copyOf(extraJvmArgs);
        this.pooling = pooling;
    }

    @Override
    public ChildProcess spawn(SpawnRequest request) {
        List<String> command = command(request);
        ProcessBuilder pb = new ProcessBuilder(command);
        ChildEnvironment.write(request.config(), request.cookie(), pb.environment());
        try {
            return new LocalChildProcess(request.uid().name(), pb.start());
        } catch (IOException e) {
            throw new ActorStartFailed("cannot start a JVM for actor '" + request.uid().name() + "': " + e.getMessage()
                    + " (command: " + command.getFirst() + ")", request.uid().name(), "", e);
        }
    }

    /** The full command line for the child described by {@code request}. */
    public List<String> command(SpawnRequest request) {
        List<String> cmd = jvm(request);
        String classPath = withClassData(request, cmd);
        cmd.add("-Dtractor.actor=" + request.uid().name());
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.add(request.uid().name());
        cmd.add(request.uid().uuid());
        cmd.add(request.parentAddress().toString());
        return cmd;
    }

    /** The same JVM and options as {@link #command}, no identity: the child waits for a {@link PoolClaim}. */
    @Override
    public List<String> pooledCommand(SpawnRequest request) {
        List<String> cmd = jvm(request);
        String classPath = withClassData(request, cmd);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.add(PoolClaim.POOLED);
        return cmd;
    }

    @Override
    public LocalChildProcess startPooled(List<String> pooledCommand, String label) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(pooledCommand);
        pb.environment().remove(ChildEnvironment.CONFIG);
        pb.environment().remove(ChildEnvironment.COOKIE);
        pb.environment().remove(ChildEnvironment.BIND_HOST);
        pb.environment().remove(ChildEnvironment.PARENT_WATCH);
        return new LocalChildProcess(label, pb.start());
    }

    /**
     * Whether this backend's main class waits for a {@link PoolClaim} when started with {@link PoolClaim#POOLED}:
     * the core's child main does, and so does a main class given with {@code pooling} true.
     */
    @Override
    public boolean supportsPooling() {
        return pooling;
    }

    /**
     * Adds to {@code cmd} the options of the class data archive the request's configuration asks for, if any;
     * returns the class path to start the child with (jars where the archive needs them).
     */
    private static String withClassData(SpawnRequest request, List<String> cmd) {
        String classPath = System.getProperty("java.class.path");
        if (request.config().classDataCache() == null) {
            return classPath;
        }
        ClassDataCache.Launch launch = ClassDataCache.in(request.config().classDataCache())
                .launch(classPath, cmd.subList(1, cmd.size()));
        cmd.addAll(launch.jvmOptions());
        return launch.classPath();
    }

    private List<String> jvm(SpawnRequest request) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        // an actor out of memory cannot be trusted to answer: it exits, and its parent reports ActorDied
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(request.config().jvmArgs());
        cmd.addAll(request.options().jvmArgs());
        if (Runtime.version().feature() >= 24) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(extraJvmArgs);
        return cmd;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> new File(c).canExecute())
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }
}
