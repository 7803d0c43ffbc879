package dev.tractor.spawn;

import dev.tractor.Address;
import dev.tractor.Heartbeat;
import dev.tractor.Limits;
import dev.tractor.TlsConfig;
import dev.tractor.TractorConfig;
import dev.tractor.ValueMapperCustomizer;
import dev.tractor.Transport;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The environment variables through which a parent hands a child its inherited configuration and the
 * tree's cookie (never on the command line, where other users could read it). TLS in its PEM form is inherited by
 * the files' paths; the factory form is not (see {@link TlsConfig}).
 */
public final class ChildEnvironment {

    /** The tree's shared secret. */
    public static final String COOKIE = "TRACTOR_COOKIE";
    /** The inherited configuration, as properties text. */
    public static final String CONFIG = "TRACTOR_CONFIG";
    /**
     * When set, the host the child binds instead of its parent's: a child on another host (a pod, say) binds an
     * address of its own, which it may learn only once it runs.
     */
    public static final String BIND_HOST = "TRACTOR_BIND_HOST";
    /**
     * When {@value #WATCH_CONNECTION_ONLY}, the child takes only the loss of its connection to the parent (closed, or
     * silent past the heartbeat tolerance) as the sign that its parent is gone, not the exit of its parent process nor
     * the end of its stdin: for a child whose process parent and stdin are not its parent actor's (a container's).
     */
    public static final String PARENT_WATCH = "TRACTOR_PARENT_WATCH";
    /** The value of {@link #PARENT_WATCH} that limits the child to watching its connection. */
    public static final String WATCH_CONNECTION_ONLY = "connection";

    private ChildEnvironment() {
    }

    /**
     * Writes the config (without its cookie) and the cookie into {@code env}, and removes {@link #BIND_HOST} and
     * {@link #PARENT_WATCH}, which are meant for the process that got them, not for its children.
     */
    public static void write(TractorConfig config, String cookie, Map<String, String> env) {
        Properties p = new Properties();
        p.setProperty("modules", String.join(",", config.modules().stream().map(Class::getName).toList()));
        p.setProperty("valueMappers", String.join(",", config.valueMappers().stream()
                .map(m -> m.getClass().getName()).toList()));
        p.setProperty("registryHost", config.registryHost());
        p.setProperty("registryPort", Integer.toString(config.registryPort()));
        p.setProperty("registryAddresses", String.join(",", config.registryAddresses().stream()
                .map(Address::toString).toList()));
        if (config.advertiseHost() != null) {
            p.setProperty("advertiseHost", config.advertiseHost());
        }
        p.setProperty("bindHost", config.bindHost());
        p.setProperty("transport", config.transport().name());
        p.setProperty("cancelGracePeriod", config.cancelGracePeriod().toString());
        p.setProperty("spawnTimeout", config.spawnTimeout().toString());
        p.setProperty("streamWindow", Integer.toString(config.streamWindow()));
        p.setProperty("maxFrameBytes", Integer.toString(config.maxFrameBytes()));
        p.setProperty("jvmArgs", String.join("\u001f", config.jvmArgs()));
        p.setProperty("cookieFile", config.cookieFile().toString());
        p.setProperty("classDataCache", config.classDataCache() == null ? "" : config.classDataCache().toString());
        p.setProperty("limits.tasksPerPeer", Integer.toString(config.limits().tasksPerPeer()));
        p.setProperty("limits.outboundBufferBytes", Integer.toString(config.limits().outboundBufferBytes()));
        p.setProperty("limits.unopenedStreamTimeout", config.limits().unopenedStreamTimeout().toString());
        p.setProperty("limits.registryEntries", Integer.toString(config.limits().registryEntries()));
        p.setProperty("heartbeat.interval", config.heartbeat().interval().toString());
        p.setProperty("heartbeat.tolerance", config.heartbeat().tolerance().toString());
        TlsConfig tls = config.tls();
        if (tls != null && tls.inheritable()) {
            p.setProperty("tls.certificateChain", tls.certificateChain().orElseThrow().toString());
            p.setProperty("tls.privateKey", tls.privateKey().orElseThrow().toString());
            p.setProperty("tls.trustedCertificates", tls.trustedCertificates().orElseThrow().toString());
        }
        StringWriter text = new StringWriter();
        try {
            p.store(text, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        env.put(CONFIG, text.toString());
        env.put(COOKIE, cookie);
        // a child's own children (local JVMs inheriting its environment) bind their parent's host and watch it fully
        env.remove(BIND_HOST);
        env.remove(PARENT_WATCH);
    }

    /** Reads the inherited configuration for a child called {@code name}. */
    public static TractorConfig read(String name, Map<String, String> env, ClassLoader loader) {
        String text = env.get(CONFIG);
        if (text == null) {
            throw new IllegalStateException(CONFIG + " is not set: this process was not started by a Tractor parent");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TractorConfig.Builder b = TractorConfig.builder().name(name)
                .registry(p.getProperty("registryHost"), Integer.parseInt(p.getProperty("registryPort")))
                .bindHost(env.getOrDefault(BIND_HOST, p.getProperty("bindHost")))
                .transport(Transport.valueOf(p.getProperty("transport")))
                .cookie(env.get(COOKIE))
                .cancelGracePeriod(Duration.parse(p.getProperty("cancelGracePeriod")))
                .spawnTimeout(Duration.parse(p.getProperty("spawnTimeout")))
                .streamWindow(Integer.parseInt(p.getProperty("streamWindow")))
                .maxFrameBytes(Integer.parseInt(p.getProperty("maxFrameBytes")))
                .jvmArgs(split(p.getProperty("jvmArgs"), "\u001f"))
                .limits(new Limits(Integer.parseInt(p.getProperty("limits.tasksPerPeer")),
                        Integer.parseInt(p.getProperty("limits.outboundBufferBytes")),
                        Duration.parse(p.getProperty("limits.unopenedStreamTimeout")),
                        Integer.parseInt(p.getProperty("limits.registryEntries",
                                Integer.toString(Limits.DEFAULT_REGISTRY_ENTRIES)))))
                .heartbeat(new Heartbeat(Duration.parse(p.getProperty("heartbeat.interval")),
                        Duration.parse(p.getProperty("heartbeat.tolerance"))));
        String registries = p.getProperty("registryAddresses");
        if (registries != null && !registries.isEmpty()) {
            b.registries(split(registries, ",").stream().map(Address::parse).toList());
        }
        // a child told its own bind host runs on a host of its own (a pod): its parent's advertised host is not its
        b.advertiseHost(env.containsKey(BIND_HOST) ? null : p.getProperty("advertiseHost"));
        String cache = p.getProperty("classDataCache");
        if (cache != null) {
            b.classDataCache(cache.isEmpty() ? null : Path.of(cache));
        }
        if (p.getProperty("cookieFile") != null) {
            b.cookieFile(Path.of(p.getProperty("cookieFile")));
        }
        if (p.getProperty("tls.certificateChain") != null) {
            b.tls(TlsConfig.pem(Path.of(p.getProperty("tls.certificateChain")), Path.of(p.getProperty("tls.privateKey")),
                    Path.of(p.getProperty("tls.trustedCertificates"))));
        }
        for (String module : split(p.getProperty("modules"), ",")) {
            try {
                b.enableModules(Class.forName(module, false, loader));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("module " + module + " is not on the child's class path", e);
            }
        }
        for (String mapper : split(p.getProperty("valueMappers"), ",")) {
            b.valueMapper(valueMapper(mapper, loader));
        }
        return b.build();
    }

    /** A new instance of the value mapper customizer class {@code name}, by its public no-arg constructor. */
    private static ValueMapperCustomizer valueMapper(String name, ClassLoader loader) {
        try {
            return Class.forName(name, true, loader).asSubclass(ValueMapperCustomizer.class).getConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("the value mapper customizer " + name + " cannot reach a child actor: it"
                    + " needs to be a public class on the child's class path with a public no-arg constructor (" + e
                    + ")", e);
        }
    }

    private static List<String> split(String text, String sep) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList(text.split(java.util.regex.Pattern.quote(sep))));
    }
}
