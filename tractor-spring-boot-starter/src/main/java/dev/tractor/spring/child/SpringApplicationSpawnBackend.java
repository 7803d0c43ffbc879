package dev.tractor.spring.child;

import dev.tractor.TractorConfig;
import dev.tractor.spawn.ChildProcess;
import dev.tractor.spawn.LocalChildProcess;
import dev.tractor.spawn.JvmSpawnBackend;
import dev.tractor.spawn.PoolableSpawnBackend;
import dev.tractor.spawn.SpawnRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Starts each child actor as a JVM that boots the Spring Boot application in a child context (see
 * {@link TractorChildMain}): the same {@code java}, class path and configured JVM options as the core's
 * backend, plus system properties naming the application class, the parent's active profiles and
 * the child's {@code tractor.*} settings (those it inherits; the cookie travels in the environment,
 * never on the command line). Works from a plain class path and from an executable Boot jar
 * ({@link ChildLaunchStyle}). Children can be pooled: a pooled child boots its context before it is claimed, without
 * {@code tractor.name} (the claim brings its name, identity and cookie). Thread-safe.
 */
public final class SpringApplicationSpawnBackend implements PoolableSpawnBackend {

    /** The system property that names the application class a child boots. */
    public static final String APPLICATION_CLASS_PROPERTY = "dev.tractor.spring.application";

    private final Supplier<String> applicationClass;
    private final Supplier<String[]> activeProfiles;
    private final ChildLaunchStyle style;

    /**
     * A backend whose children boot {@code applicationClass} (resolved at the first spawn) with the
     * profiles {@code activeProfiles} returns at each spawn.
     */
    public SpringApplicationSpawnBackend(Supplier<String> applicationClass, Supplier<String[]> activeProfiles,
                                         ChildLaunchStyle style) {
        this.applicationClass = applicationClass;
        this.activeProfiles = activeProfiles;
        this.style = style;
    }

    @Override
    public ChildProcess spawn(SpawnRequest request) {
        return backendFor(request).spawn(request);
    }

    /** Children boot the same application, so they resolve the same {@code tractor.ssl.bundle} themselves. */
    @Override
    public boolean childrenConfigureTls() {
        return true;
    }

    /** Children boot the same application, so they apply the same {@code ValueMapperCustomizer} beans themselves. */
    @Override
    public boolean childrenConfigureValueMappers() {
        return true;
    }

    /** The full command line for the child {@code request} describes. */
    public List<String> command(SpawnRequest request) {
        return backendFor(request).command(request);
    }

    @Override
    public boolean supportsPooling() {
        return true;
    }

    /** As {@link #command}, without the child's name and identity: the same for every child of this parent. */
    @Override
    public List<String> pooledCommand(SpawnRequest request) {
        return backendFor(request, false).pooledCommand(request);
    }

    @Override
    public LocalChildProcess startPooled(List<String> pooledCommand, String label) throws IOException {
        return new JvmSpawnBackend(style.mainClass(), List.of(), true).startPooled(pooledCommand, label);
    }

    private JvmSpawnBackend backendFor(SpawnRequest request) {
        return backendFor(request, true);
    }

    private JvmSpawnBackend backendFor(SpawnRequest request, boolean named) {
        List<String> args = new ArrayList<>(style.jvmArgs());
        args.add("-D" + APPLICATION_CLASS_PROPERTY + "=" + applicationClass.get());
        String[] profiles = activeProfiles.get();
        if (profiles.length > 0) {
            args.add("-Dspring.profiles.active=" + String.join(",", profiles));
        }
        inheritedProperties(request.config()).stream().filter(p -> named || !p.startsWith("tractor.name="))
                .forEach(p -> args.add("-D" + p));
        return new JvmSpawnBackend(style.mainClass(), args, true);
    }

    /** The child's {@code tractor.*} properties, mirroring the configuration it inherits. */
    static List<String> inheritedProperties(TractorConfig config) {
        List<String> p = new ArrayList<>();
        p.add("tractor.name=" + config.name());
        p.add("tractor.registry.host=" + config.registryHost());
        p.add("tractor.registry.port=" + config.registryPort());
        if (config.registryAddresses().size() > 1) {
            for (int i = 0; i < config.registryAddresses().size(); i++) {
                dev.tractor.Address a = config.registryAddresses().get(i);
                String host = a.host().contains(":") ? "[" + a.host() + "]" : a.host();
                p.add("tractor.registry.addresses[" + i + "]=" + host + ":" + a.port());
            }
        } else {
            p.add("tractor.registry.addresses=");
        }
        p.add("tractor.bind-host=" + config.bindHost());
        p.add("tractor.bind-port=0");        // a root's own ports are not its children's
        p.add("tractor.advertise-port=0");
        if (config.advertiseHost() != null) {
            p.add("tractor.advertise-host=" + config.advertiseHost());
        }
        p.add("tractor.transport=" + config.transport().wireName());
        p.add("tractor.cancel-grace-period=" + config.cancelGracePeriod());
        p.add("tractor.spawn.timeout=" + config.spawnTimeout());
        p.add("tractor.spawn.warm-pool-size=0");   // the warm pool is the root's alone
        p.add("tractor.spawn.class-data-cache.enabled=" + (config.classDataCache() != null));
        if (config.classDataCache() != null) {
            p.add("tractor.spawn.class-data-cache.directory=" + config.classDataCache());
        }
        p.add("tractor.stream.window=" + config.streamWindow());
        p.add("tractor.max-frame-size=" + config.maxFrameBytes() + "B");
        if (config.jvmArgs().isEmpty()) {
            p.add("tractor.spawn.jvm-args=");
        }
        for (int i = 0; i < config.jvmArgs().size(); i++) {
            p.add("tractor.spawn.jvm-args[" + i + "]=" + config.jvmArgs().get(i));
        }
        return p;
    }
}
