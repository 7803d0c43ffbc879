package dev.tractor.spring.autoconfigure;

import dev.tractor.ActorOptions;
import dev.tractor.RestartPolicy;
import dev.tractor.RestartStrategy;
import dev.tractor.ServiceSpec;
import dev.tractor.Supervision;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the Tractor actor runtime, under {@code tractor.*}. Validated when bound: a
 * negative or zero timeout, a port or window out of range, or an unknown transport fails the start
 * with a message naming the property. Child actors inherit these settings from their parent.
 */
@ConfigurationProperties("tractor")
public class TractorProperties implements Validator {

    /** Whether to open an actor runtime for this application. */
    private boolean enabled = true;

    /** Name of this process's actor. Defaults to 'spring.application.name', else 'root'. */
    private String name;

    /** Registrar of this host: the first root actor listens there and serves the registry. */
    private final Registry registry = new Registry();

    /** Host or address the actor's listener binds; loopback unless set otherwise. */
    private String bindHost = "127.0.0.1";

    /**
     * Host this actor registers and hands out as its own (behind NAT or a load balancer, or to choose for a wildcard
     * bind). Unset: the bound host, or for a wildcard bind the address of the interface that reaches the first
     * registrar.
     */
    private String advertiseHost;

    /**
     * Port this actor registers and hands out as its own, when a port forward or proxy in front of it forwards
     * another port to the one it listens on; 0 for the port it listens on. Child actors do not inherit it.
     */
    private int advertisePort;

    /**
     * Port this root actor listens on when it is not its host's registrar (one port to open in a firewall or to
     * forward); 0 for any free port. Child actors listen on free ports.
     */
    private int bindPort;

    public int getAdvertisePort() {
        return advertisePort;
    }

    public void setAdvertisePort(int advertisePort) {
        this.advertisePort = advertisePort;
    }

    public int getBindPort() {
        return bindPort;
    }

    public void setBindPort(int bindPort) {
        this.bindPort = bindPort;
    }

    public String getAdvertiseHost() {
        return advertiseHost;
    }

    public void setAdvertiseHost(String advertiseHost) {
        this.advertiseHost = advertiseHost;
    }

    /** Socket type actors listen and dial on. */
    private Transport transport = Transport.TCP;

    /**
     * Shared secret of the actor tree; wins over the cookie file. Children inherit it through their environment.
     */
    private String cookie;

    /**
     * File a root reads its cookie from when 'tractor.cookie' is not set, created owner-only on first use. Defaults
     * to ~/.tractor/cookie, so one user's applications share a registry.
     */
    private Path cookieFile;

    /** TLS for every connection between actors. */
    private final Ssl ssl = new Ssl();

    /** How long a cancelled child actor may take to exit before it is killed. */
    private Duration cancelGracePeriod = Duration.ofSeconds(3);

    /** Child actor processes. */
    private final Spawn spawn = new Spawn();

    /** Streams between actors. */
    private final Stream stream = new Stream();

    /** Largest frame an actor accepts. */
    private DataSize maxFrameSize = DataSize.ofMegabytes(16);

    private final Limits limits = new Limits();

    private final Heartbeat heartbeat = new Heartbeat();

    /**
     * Service actors by name, started with the application (in the root actor only) and supervised until it stops;
     * each is injectable as a Portal bean named after it. Keys of each: replicas, restart, strategy, max-restarts,
     * within, min-backoff, max-backoff, jitter, jvm-args, spawn-timeout.
     */
    private final Map<String, Service> services = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Registry getRegistry() {
        return registry;
    }

    public String getBindHost() {
        return bindHost;
    }

    public void setBindHost(String bindHost) {
        this.bindHost = bindHost;
    }

    public Transport getTransport() {
        return transport;
    }

    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    public String getCookie() {
        return cookie;
    }

    public void setCookie(String cookie) {
        this.cookie = cookie;
    }

    public Path getCookieFile() {
        return cookieFile;
    }

    public void setCookieFile(Path cookieFile) {
        this.cookieFile = cookieFile;
    }

    public Ssl getSsl() {
        return ssl;
    }

    public Duration getCancelGracePeriod() {
        return cancelGracePeriod;
    }

    public void setCancelGracePeriod(Duration cancelGracePeriod) {
        this.cancelGracePeriod = cancelGracePeriod;
    }

    public Spawn getSpawn() {
        return spawn;
    }

    public Stream getStream() {
        return stream;
    }

    public Limits getLimits() {
        return limits;
    }

    public Heartbeat getHeartbeat() {
        return heartbeat;
    }

    public Map<String, Service> getServices() {
        return services;
    }

    public DataSize getMaxFrameSize() {
        return maxFrameSize;
    }

    public void setMaxFrameSize(DataSize maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public boolean supports(Class<?> type) {
        return TractorProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        TractorProperties p = (TractorProperties) target;
        if (p.name != null && p.name.isBlank()) {
            reject(errors, "name", "blank", "must not be blank");
        }
        requireText(errors, "registry.host", p.registry.host);
        requireRange(errors, "registry.port", p.registry.port, 0, 65535);
        for (int i = 0; i < p.registry.addresses.size(); i++) {
            try {
                RegistryAddresses.parse(p.registry.addresses.get(i));
            } catch (IllegalArgumentException e) {
                reject(errors, "registry.addresses[" + i + "]", "format", e.getMessage());
            }
        }
        requireText(errors, "bindHost", p.bindHost);
        requireRange(errors, "advertisePort", p.advertisePort, 0, 65535);
        requireRange(errors, "bindPort", p.bindPort, 0, 65535);
        if (p.advertiseHost != null && p.advertiseHost.isBlank()) {
            reject(errors, "advertiseHost", "blank", "must not be blank (leave it unset to advertise the bound host)");
        }
        if (p.transport == null) {
            reject(errors, "transport", "required", "must be tcp or uds");
        }
        requirePositive(errors, "cancelGracePeriod", p.cancelGracePeriod);
        requirePositive(errors, "spawn.timeout", p.spawn.timeout);
        requireRange(errors, "spawn.warmPoolSize", p.spawn.warmPoolSize, 0, 64);
        requireRange(errors, "stream.window", p.stream.window, 1, 1 << 20);
        if (p.maxFrameSize == null || p.maxFrameSize.toBytes() < 1024 || p.maxFrameSize.toBytes() > Integer.MAX_VALUE) {
            reject(errors, "maxFrameSize", "range", "must be between 1KB and 2GB");
        }
        requireRange(errors, "limits.tasksPerPeer", p.limits.tasksPerPeer, 1, Integer.MAX_VALUE);
        if (p.limits.outboundBuffer == null || p.limits.outboundBuffer.toBytes() < 64 * 1024
                || p.limits.outboundBuffer.toBytes() > Integer.MAX_VALUE) {
            reject(errors, "limits.outboundBuffer", "range", "must be between 64KB and 2GB");
        }
        requirePositive(errors, "limits.unopenedStreamTimeout", p.limits.unopenedStreamTimeout);
        requireRange(errors, "limits.registryEntries", p.limits.registryEntries, 1, Integer.MAX_VALUE);
        requirePositive(errors, "heartbeat.interval", p.heartbeat.interval);
        requirePositive(errors, "heartbeat.tolerance", p.heartbeat.tolerance);
        if (p.heartbeat.interval != null && p.heartbeat.tolerance != null
                && p.heartbeat.tolerance.compareTo(p.heartbeat.interval.multipliedBy(3)) < 0) {
            reject(errors, "heartbeat.tolerance", "range", "must be at least three heartbeat intervals");
        }
        p.services.forEach((name, service) -> service.validate(name, errors));
    }

    /**
     * Rejects {@code field} with a message that names the property as users write it
     * ({@code tractor.spawn.warm-pool-size}, not {@code spawn.warmPoolSize}).
     */
    private static void reject(Errors errors, String field, String code, String reason) {
        errors.rejectValue(field, code, propertyName(field) + " " + reason);
    }

    /** {@code spawn.warmPoolSize} → {@code tractor.spawn.warm-pool-size}. */
    static String propertyName(String field) {
        return "tractor." + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static void requireText(Errors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            reject(errors, field, "blank", "must not be blank");
        }
    }

    private static void requireRange(Errors errors, String field, long value, long min, long max) {
        if (value < min || value > max) {
            reject(errors, field, "range", "must be between " + min + " and " + max);
        }
    }

    private static void requirePositive(Errors errors, String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            reject(errors, field, "positive", "must be a positive duration");
        }
    }

    /** Where the registrar listens. */
    public static class Registry {

        /** Host of the registrar. */
        private String host = "127.0.0.1";

        /** Port of the registrar; 0 for a private registrar on any free port. */
        private int port = 1616;

        /**
         * Several registrars, as host:port ([v6-address]:port for IPv6), in the order lookups ask them; when set,
         * host and port are not used. The actor registers with every one it can reach (the others as soon as they
         * answer) and a root serves the registry on the first of them it can listen on.
         */
        private List<String> addresses = new ArrayList<>();

        public List<String> getAddresses() {
            return addresses;
        }

        public void setAddresses(List<String> addresses) {
            this.addresses = addresses;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /** How child actor processes are started. */
    public static class Spawn {

        /**
         * Where child actors run: 'jvm' (processes of this machine) or 'kubernetes' (pods of the cluster; needs
         * tractor-kubernetes on the class path).
         */
        private String backend = "jvm";

        /** How long a child actor may take to start and connect back. */
        private Duration timeout = Duration.ofSeconds(30);

        /** JVM options of child actor processes. The defaults favour fast start-up and a small footprint. */
        private List<String> jvmArgs = new ArrayList<>(TractorConfig.DEFAULT_CHILD_JVM_ARGS);

        /**
         * Number of child JVMs the root keeps started ahead, so that a spawn with the default JVM options claims one
         * instead of booting a JVM (core children; Spring children start cold).
         */
        private int warmPoolSize = 0;

        /** The class data archive of child JVMs, which roughly halves a cold child's start. */
        private final ClassDataCache classDataCache = new ClassDataCache();

        public ClassDataCache getClassDataCache() {
            return classDataCache;
        }

        public String getBackend() {
            return backend;
        }

        public void setBackend(String backend) {
            this.backend = backend;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public List<String> getJvmArgs() {
            return jvmArgs;
        }

        public void setJvmArgs(List<String> jvmArgs) {
            this.jvmArgs = jvmArgs;
        }

        public int getWarmPoolSize() {
            return warmPoolSize;
        }

        public void setWarmPoolSize(int warmPoolSize) {
            this.warmPoolSize = warmPoolSize;
        }
    }

    /** Where child JVMs keep their class data archive. */
    public static class ClassDataCache {

        /** Whether child JVMs use a class data archive (created by the first child to exit, then reused). */
        private boolean enabled = true;

        /** The directory of the archive and of the jars packed from class path directories. */
        private Path directory = TractorConfig.defaultClassDataCache() != null ? TractorConfig.defaultClassDataCache()
                : Path.of(System.getProperty("user.home"), ".tractor", "cache");

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getDirectory() {
            return directory;
        }

        public void setDirectory(Path directory) {
            this.directory = directory;
        }
    }

    /** Flow control of streams. */
    public static class Stream {

        /**
         * Number of stream items a sender may have outstanding without credit from the receiver, at first (a
         * receiver whose consumer keeps up widens it).
         */
        private int window = 256;

        public int getWindow() {
            return window;
        }

        public void setWindow(int window) {
            this.window = window;
        }
    }

    /** What one connected peer may take of this actor; a peer past a limit gets an error naming it. */
    public static class Limits {

        /** Tasks (plain calls, streams and contexts) one peer may have running in this actor at once. */
        private int tasksPerPeer = 16_384;

        /**
         * Data that may wait to be written to one peer before this actor's producers for it (stream senders, tasks
         * about to run) wait for it to read.
         */
        private DataSize outboundBuffer = DataSize.ofMegabytes(1);

        /**
         * How long a peer's stream items may fill the window of a stream this actor has not opened before that call
         * fails with an error naming the stream.
         */
        private Duration unopenedStreamTimeout = Duration.ofSeconds(30);

        /**
         * Entries the registry holds at most, when this actor is its host's registrar (all peers together; each
         * connection registers at most its own actor). A registration beyond it is refused with an error naming this
         * property; the entries already there stay.
         */
        private int registryEntries = 65_536;

        public int getRegistryEntries() {
            return registryEntries;
        }

        public void setRegistryEntries(int registryEntries) {
            this.registryEntries = registryEntries;
        }

        public Duration getUnopenedStreamTimeout() {
            return unopenedStreamTimeout;
        }

        public void setUnopenedStreamTimeout(Duration unopenedStreamTimeout) {
            this.unopenedStreamTimeout = unopenedStreamTimeout;
        }

        public int getTasksPerPeer() {
            return tasksPerPeer;
        }

        public void setTasksPerPeer(int tasksPerPeer) {
            this.tasksPerPeer = tasksPerPeer;
        }

        public DataSize getOutboundBuffer() {
            return outboundBuffer;
        }

        public void setOutboundBuffer(DataSize outboundBuffer) {
            this.outboundBuffer = outboundBuffer;
        }
    }

    /** Liveness of connections: a peer silent beyond the tolerance is treated as gone. */
    public static class Heartbeat {

        /** How often an otherwise idle connection carries a ping. */
        private Duration interval = Duration.ofSeconds(5);

        /**
         * How long a peer may be silent before it is treated as gone (its callers get ActorDied, a child of a silent
         * parent exits); at least three intervals.
         */
        private Duration tolerance = Duration.ofSeconds(30);

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getTolerance() {
            return tolerance;
        }

        public void setTolerance(Duration tolerance) {
            this.tolerance = tolerance;
        }
    }

    /**
     * A service actor declared under {@code tractor.services.<name>}: started by the root actor when the application
     * starts (get-or-create, so one already running under that name in the tree is used instead), restarted as its
     * supervision says, and cancelled when the application stops.
     */
    public static class Service {

        /** How many actors serve it: one is called by the service's name, several name-1 to name-N (calls go to each in turn). */
        private int replicas = 1;

        /** Which ends of a replica restart it: permanent (any), transient (only a failure) or temporary (none). */
        private RestartPolicy restart = RestartPolicy.PERMANENT;

        /** What a failing replica restarts: one-for-one (itself), one-for-all (every replica) or rest-for-one (itself and those started after it). */
        private RestartStrategy strategy = RestartStrategy.ONE_FOR_ONE;

        /** Most restarts within 'within' before the supervisor gives up and cancels the service. */
        private int maxRestarts = Supervision.DEFAULT_MAX_RESTARTS;

        /** Sliding period the restart limit counts over. */
        private Duration within = Supervision.DEFAULT_WITHIN;

        /** Delay before the first restart in a row; doubles for each further one. */
        private Duration minBackoff = Supervision.DEFAULT_MIN_BACKOFF;

        /** Longest delay between restarts. */
        private Duration maxBackoff = Supervision.DEFAULT_MAX_BACKOFF;

        /** Fraction (0 to 1) by which each delay varies at random. */
        private double jitter = Supervision.DEFAULT_JITTER;

        /** JVM options of each replica, after 'tractor.spawn.jvm-args'. */
        private List<String> jvmArgs = new ArrayList<>();

        /** How long a replica may take to start and connect back; 'tractor.spawn.timeout' unless set. */
        private Duration spawnTimeout;

        /** The core's description of this service. */
        public ServiceSpec toSpec() {
            ActorOptions options = new ActorOptions(jvmArgs, spawnTimeout, restart);
            Supervision supervision = Supervision.of(strategy).withLimit(maxRestarts, within)
                    .withBackoff(minBackoff, maxBackoff, jitter);
            return new ServiceSpec(replicas, options, supervision);
        }

        void validate(String name, Errors errors) {
            String path = "services[" + name + "].";
            String property = "tractor.services." + name + ".";
            if (name.isBlank()) {
                errors.rejectValue("services", "blank", "tractor.services has a service with a blank name");
                return;
            }
            if (replicas < 1 || replicas > 1024) {
                errors.rejectValue(path + "replicas", "range", property + "replicas must be between 1 and 1024");
            }
            if (restart == null) {
                errors.rejectValue(path + "restart", "required", property
                        + "restart must be permanent, transient or temporary");
            }
            if (strategy == null || strategy == RestartStrategy.ONE_CANCELS_ALL) {
                errors.rejectValue(path + "strategy", "range", property + "strategy must be one-for-one, one-for-all "
                        + "or rest-for-one (a service is supervised; 'restart: temporary' keeps a replica from restarting)");
            }
            if (maxRestarts < 0) {
                errors.rejectValue(path + "maxRestarts", "range", property + "max-restarts must be 0 or more");
            }
            if (within == null || within.isNegative() || within.isZero()) {
                errors.rejectValue(path + "within", "positive", property + "within must be a positive duration");
            }
            if (minBackoff == null || minBackoff.isNegative()) {
                errors.rejectValue(path + "minBackoff", "range", property + "min-backoff must be 0 or a positive duration");
            } else if (maxBackoff == null || maxBackoff.compareTo(minBackoff) < 0) {
                errors.rejectValue(path + "maxBackoff", "range", property + "max-backoff must be at least "
                        + property + "min-backoff");
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                errors.rejectValue(path + "jitter", "range", property + "jitter must be between 0 and 1");
            }
            if (spawnTimeout != null && (spawnTimeout.isNegative() || spawnTimeout.isZero())) {
                errors.rejectValue(path + "spawnTimeout", "positive", property
                        + "spawn-timeout must be a positive duration");
            }
            if (jvmArgs == null || jvmArgs.stream().anyMatch(a -> a == null || a.isBlank())) {
                errors.rejectValue(path + "jvmArgs", "blank", property + "jvm-args must not hold a blank option");
            }
        }

        public int getReplicas() {
            return replicas;
        }

        public void setReplicas(int replicas) {
            this.replicas = replicas;
        }

        public RestartPolicy getRestart() {
            return restart;
        }

        public void setRestart(RestartPolicy restart) {
            this.restart = restart;
        }

        public RestartStrategy getStrategy() {
            return strategy;
        }

        public void setStrategy(RestartStrategy strategy) {
            this.strategy = strategy;
        }

        public int getMaxRestarts() {
            return maxRestarts;
        }

        public void setMaxRestarts(int maxRestarts) {
            this.maxRestarts = maxRestarts;
        }

        public Duration getWithin() {
            return within;
        }

        public void setWithin(Duration within) {
            this.within = within;
        }

        public Duration getMinBackoff() {
            return minBackoff;
        }

        public void setMinBackoff(Duration minBackoff) {
            this.minBackoff = minBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public double getJitter() {
            return jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }

        public List<String> getJvmArgs() {
            return jvmArgs;
        }

        public void setJvmArgs(List<String> jvmArgs) {
            this.jvmArgs = jvmArgs;
        }

        public Duration getSpawnTimeout() {
            return spawnTimeout;
        }

        public void setSpawnTimeout(Duration spawnTimeout) {
            this.spawnTimeout = spawnTimeout;
        }
    }

    /** TLS between actors. */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.pem.* or jks.*) that gives every actor connection mutual TLS: its
         * key and certificate are presented, its trust material decides which peers are accepted. Child actors resolve
         * the same bundle, so define it in the application's configuration, not on one process's command line.
         */
        private String bundle;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }
}
