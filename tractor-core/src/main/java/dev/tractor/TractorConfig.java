package dev.tractor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Immutable configuration of an actor. Children inherit their parent's configuration (modules,
 * registry, cookie, timeouts, JVM options) with their own name. Build with {@link #builder()}.
 *
 * @param name              the actor's name
 * @param modules           classes whose {@link ActorFunction} methods are exposed (instantiated with their no-arg constructor)
 * @param registryHost      host of the registrar
 * @param registryPort      port of the registrar (0: any free port)
 * @param bindHost          host (or address) the actor's listener binds; loopback by default
 * @param transport         TCP or UDS
 * @param cookie            the tree's shared secret; null means the one in {@code cookieFile}; children inherit it
 *                          through their environment, never their command line
 * @param cancelGracePeriod how long a cancelled child may take to exit before it is killed
 * @param spawnTimeout      how long a child may take to connect back
 * @param streamWindow      how many un-credited stream items a sender may have outstanding at first; a receiver
 *                          whose consumer keeps up widens it (up to 16 times, about 4 MiB of queued items)
 * @param maxFrameBytes     the largest frame accepted, in bytes
 * @param jvmArgs           JVM options for child processes
 * @param warmPoolSize      how many pre-started child JVMs to keep ready
 * @param cookieFile        where a root without a configured cookie reads it (created owner-only on first use):
 *                          {@code ~/.tractor/cookie} by default, so one user's programs share a registry
 * @param tls               TLS for every connection, or null for none (the cookie handshake authenticates either way)
 * @param limits            what one connected peer may take of this actor
 * @param heartbeat         how silence of a connected peer is detected
 * @param classDataCache    where child JVMs keep their class data archive ({@code ~/.tractor/cache} by default, created
 *                          owner-only), which roughly halves a cold child's start; null to start children without one
 * @param valueMappers      customizers of how application values map ({@link ValueMapperCustomizer}), applied in order;
 *                          core children create their own instances by class
 * @param registryAddresses every registrar this actor registers with and asks, in the order lookups ask them; the
 *                          first is {@code registryHost:registryPort} (an empty list means just that one). A root
 *                          becomes the registrar on the first of them it can listen on
 * @param advertiseHost     the host this actor registers and hands out as its own (behind NAT, a load balancer or
 *                          a wildcard bind); null: the bound host, or for a wildcard bind the address of the
 *                          interface that reaches the first registrar
 * @param advertisePort     the port this actor registers and hands out as its own (a port forward or proxy in front of
 *                          it); 0: the port it listens on. Not inherited by children, which listen on ports of their own
 * @param bindPort          the port a root that is not a registrar listens on (one port to open in a firewall or
 *                          forward); 0: any free port. Not inherited by children, which listen on free ports
 */
public record TractorConfig(String name, List<Class<?>> modules, String registryHost, int registryPort,
                            String bindHost, Transport transport, String cookie, Duration cancelGracePeriod,
                            Duration spawnTimeout, int streamWindow, int maxFrameBytes, List<String> jvmArgs,
                            int warmPoolSize, Path cookieFile, TlsConfig tls, Limits limits, Heartbeat heartbeat,
                            Path classDataCache, List<ValueMapperCustomizer> valueMappers,
                            List<Address> registryAddresses, String advertiseHost, int advertisePort,
                            int bindPort) {

    /**
     * Default JVM options for child actors: fast start-up and a small footprint on small machines (C1 only, serial
     * GC, a heap that starts at 16 MiB and grows as needed).
     */
    public static final List<String> DEFAULT_CHILD_JVM_ARGS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-XX:+UseCompressedOops", "-Xms16m");

    public TractorConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("actor name must not be blank");
        }
        modules = List.copyOf(modules);
        if (registryAddresses == null || registryAddresses.isEmpty()) {
            Objects.requireNonNull(registryHost, "registryHost");
            requireRange("registryPort", registryPort, 0, 65535);
            registryAddresses = List.of(Address.tcp(registryHost, registryPort));
        } else {
            registryAddresses = List.copyOf(registryAddresses);
            requireRegistrars(registryAddresses);
            registryHost = registryAddresses.get(0).host();
            registryPort = registryAddresses.get(0).port();
        }
        requireRange("advertisePort", advertisePort, 0, 65535);
        requireRange("bindPort", bindPort, 0, 65535);
        if (advertiseHost != null && advertiseHost.isBlank()) {
            throw new IllegalArgumentException("advertiseHost must not be blank (leave it unset to advertise the"
                    + " bound host)");
        }
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(transport, "transport");
        requirePositive("cancelGracePeriod", cancelGracePeriod);
        requirePositive("spawnTimeout", spawnTimeout);
        requireRange("streamWindow", streamWindow, 1, 1 << 20);
        requireRange("maxFrameBytes", maxFrameBytes, 1024, Integer.MAX_VALUE);
        jvmArgs = List.copyOf(jvmArgs);
        requireRange("warmPoolSize", warmPoolSize, 0, 64);
        Objects.requireNonNull(cookieFile, "cookieFile");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(heartbeat, "heartbeat");
        valueMappers = List.copyOf(valueMappers);
        if (cookie != null && cookie.isBlank()) {
            throw new IllegalArgumentException("cookie must not be blank (leave it unset to use the cookie file)");
        }
    }

    /** A configuration with one registrar ({@code registryHost:registryPort}) and no advertised host. */
    public TractorConfig(String name, List<Class<?>> modules, String registryHost, int registryPort, String bindHost,
                         Transport transport, String cookie, Duration cancelGracePeriod, Duration spawnTimeout,
                         int streamWindow, int maxFrameBytes, List<String> jvmArgs, int warmPoolSize, Path cookieFile,
                         TlsConfig tls, Limits limits, Heartbeat heartbeat, Path classDataCache,
                         List<ValueMapperCustomizer> valueMappers) {
        this(name, modules, registryHost, registryPort, bindHost, transport, cookie, cancelGracePeriod, spawnTimeout,
                streamWindow, maxFrameBytes, jvmArgs, warmPoolSize, cookieFile, tls, limits, heartbeat, classDataCache,
                valueMappers, List.of(), null, 0, 0);
    }

    /** A configuration without value mapper customizers. */
    public TractorConfig(String name, List<Class<?>> modules, String registryHost, int registryPort, String bindHost,
                         Transport transport, String cookie, Duration cancelGracePeriod, Duration spawnTimeout,
                         int streamWindow, int maxFrameBytes, List<String> jvmArgs, int warmPoolSize, Path cookieFile,
                         TlsConfig tls, Limits limits, Heartbeat heartbeat, Path classDataCache) {
        this(name, modules, registryHost, registryPort, bindHost, transport, cookie, cancelGracePeriod, spawnTimeout,
                streamWindow, maxFrameBytes, jvmArgs, warmPoolSize, cookieFile, tls, limits, heartbeat, classDataCache,
                List.of(), List.of(), null, 0, 0);
    }

    /** The per-user cookie file: {@code ~/.tractor/cookie}, or the system property {@code tractor.cookie-file}. */
    public static Path defaultCookieFile() {
        String configured = System.getProperty("tractor.cookie-file");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".tractor", "cookie");
    }

    /**
     * {@code ~/.tractor/cache}, or what the system property {@code tractor.class-data-cache} names; null (children
     * start without a class data archive) if that property is {@code none}.
     */
    public static Path defaultClassDataCache() {
        String configured = System.getProperty("tractor.class-data-cache");
        if ("none".equals(configured)) {
            return null;
        }
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".tractor", "cache");
    }

    /** Every setting but the cookie, which is a secret and shown only as set or not. */
    @Override
    public String toString() {
        return "TractorConfig[name=" + name + ", modules=" + modules + ", registryHost=" + registryHost
                + ", registryPort=" + registryPort + ", bindHost=" + bindHost + ", transport=" + transport
                + ", cookie=" + (cookie == null ? "(from " + cookieFile + ")" : "(set)")
                + ", cancelGracePeriod=" + cancelGracePeriod + ", spawnTimeout=" + spawnTimeout
                + ", streamWindow=" + streamWindow + ", maxFrameBytes=" + maxFrameBytes + ", jvmArgs=" + jvmArgs
                + ", warmPoolSize=" + warmPoolSize + ", tls=" + tls + ", limits=" + limits + ", heartbeat=" + heartbeat
                + ", classDataCache=" + classDataCache + ", valueMappers=" + valueMappers.stream()
                .map(m -> m.getClass().getName()).toList() + ", registryAddresses=" + registryAddresses
                + ", advertiseHost=" + advertiseHost + ", advertisePort=" + advertisePort + ", bindPort=" + bindPort + "]";
    }

    /**
     * A builder with the defaults: registry 127.0.0.1:1616 (the system properties
     * {@code tractor.registry.host} and {@code tractor.registry.port} change this default), TCP on
     * 127.0.0.1, the cookie from {@link #defaultCookieFile()}, no TLS, grace 3 s, spawn timeout 30 s, window 256,
     * frames up to 16 MiB, {@link Limits#DEFAULTS}, {@link Heartbeat#DEFAULTS} (the system properties
     * {@code tractor.heartbeat.interval} and {@code tractor.heartbeat.tolerance}, e.g. {@code 500ms} or {@code 10s},
     * change this default).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.modules.addAll(modules);
        b.registryHost = registryHost;
        b.registryPort = registryPort;
        b.bindHost = bindHost;
        b.transport = transport;
        b.cookie = cookie;
        b.cancelGracePeriod = cancelGracePeriod;
        b.spawnTimeout = spawnTimeout;
        b.streamWindow = streamWindow;
        b.maxFrameBytes = maxFrameBytes;
        b.jvmArgs = new ArrayList<>(jvmArgs);
        b.warmPoolSize = warmPoolSize;
        b.cookieFile = cookieFile;
        b.tls = tls;
        b.limits = limits;
        b.heartbeat = heartbeat;
        b.classDataCache = classDataCache;
        b.valueMappers.addAll(valueMappers);
        b.registryAddresses = registryAddresses.size() > 1 ? new ArrayList<>(registryAddresses) : new ArrayList<>();
        b.advertiseHost = advertiseHost;
        b.advertisePort = advertisePort;
        b.bindPort = bindPort;
        return b;
    }

    private static void requireRange(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void requireRegistrars(List<Address> addresses) {
        for (Address a : addresses) {
            Objects.requireNonNull(a, "registry address");
            if (!"tcp".equals(a.transport())) {
                throw new IllegalArgumentException("registrars listen on TCP; not a registry address: " + a);
            }
            if (a.port() == 0 && addresses.size() > 1) {
                throw new IllegalArgumentException("port 0 (a private registrar) cannot be one of several registry"
                        + " addresses: " + addresses);
            }
        }
        if (new java.util.HashSet<>(addresses).size() < addresses.size()) {
            throw new IllegalArgumentException("a registry address is listed twice: " + addresses);
        }
    }

    private static void requirePositive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    /** Builds a {@link TractorConfig}; every setter returns this builder. Not thread-safe. */
    public static final class Builder {
        private String name = "root";
        private final List<Class<?>> modules = new ArrayList<>();
        private String registryHost = System.getProperty("tractor.registry.host", "127.0.0.1");
        private int registryPort = Integer.getInteger("tractor.registry.port", 1616);
        private String bindHost = "127.0.0.1";
        private Transport transport = Transport.TCP;
        private String cookie;
        private Duration cancelGracePeriod = Duration.ofSeconds(3);
        private Duration spawnTimeout = Duration.ofSeconds(30);
        private int streamWindow = 256;
        private int maxFrameBytes = 16 * 1024 * 1024;
        private List<String> jvmArgs = new ArrayList<>(DEFAULT_CHILD_JVM_ARGS);
        private int warmPoolSize;
        private Path cookieFile = defaultCookieFile();
        private TlsConfig tls;
        private Limits limits = Limits.DEFAULTS;
        private Heartbeat heartbeat = Heartbeat.fromSystemProperties();
        private Path classDataCache = defaultClassDataCache();
        private final List<ValueMapperCustomizer> valueMappers = new ArrayList<>();
        private List<Address> registryAddresses = new ArrayList<>();
        private String advertiseHost;
        private int advertisePort;
        private int bindPort;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Adds classes whose {@link ActorFunction} methods this actor (and its children) expose. */
        public Builder enableModules(Class<?>... classes) {
            modules.addAll(List.of(classes));
            return this;
        }

        /** The registrar's address (the only one: this replaces {@link #registries}); port 0 picks any free port. */
        public Builder registry(String host, int port) {
            this.registryHost = host;
            this.registryPort = port;
            this.registryAddresses = new ArrayList<>();
            return this;
        }

        /**
         * Several registrars (TCP addresses, none with port 0): this actor registers with every one it can reach
         * and looks up in this order, going on to the next when one does not answer. Replaces {@link #registry}.
         */
        public Builder registries(List<Address> addresses) {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("at least one registry address is needed");
            }
            this.registryAddresses = new ArrayList<>(addresses);
            this.registryHost = addresses.get(0).host();
            this.registryPort = addresses.get(0).port();
            return this;
        }

        /**
         * The host this actor registers and hands out as its own address (with the port it listens on); null (the
         * default) advertises the bound host, or for a wildcard bind the address of the interface that reaches the
         * first registrar. Local children inherit it (they run on the same host).
         */
        public Builder advertiseHost(String host) {
            this.advertiseHost = host;
            return this;
        }

        /**
         * The port this actor registers and hands out as its own, when something in front of it (a port forward, a
         * proxy) forwards another port to the one it listens on; 0 (the default) advertises the port it listens on.
         * For a root that listens on a fixed port; children do not inherit it.
         */
        public Builder advertisePort(int port) {
            this.advertisePort = port;
            return this;
        }

        public Builder bindHost(String host) {
            this.bindHost = host;
            return this;
        }

        /**
         * The port this root listens on when it is not a registrar (a registrar listens on its registry address); 0
         * (the default) takes any free port. Children do not inherit it.
         */
        public Builder bindPort(int port) {
            this.bindPort = port;
            return this;
        }

        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** The tree's shared secret; it wins over the cookie file. Null: read the cookie file. */
        public Builder cookie(String cookie) {
            this.cookie = cookie;
            return this;
        }

        /** Where a root without a configured cookie reads it; created with owner-only permissions on first use. */
        public Builder cookieFile(Path file) {
            this.cookieFile = file;
            return this;
        }

        /** TLS for every connection of this actor and its children; null for none. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        public Builder cancelGracePeriod(Duration grace) {
            this.cancelGracePeriod = grace;
            return this;
        }

        public Builder spawnTimeout(Duration timeout) {
            this.spawnTimeout = timeout;
            return this;
        }

        public Builder streamWindow(int items) {
            this.streamWindow = items;
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Replaces the JVM options of child processes (the defaults favour fast start-up). */
        public Builder jvmArgs(List<String> args) {
            this.jvmArgs = new ArrayList<>(args);
            return this;
        }

        /** What one connected peer may take of this actor (and of its children). */
        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /** How silence of a connected peer is detected, here and in the children. */
        public Builder heartbeat(Heartbeat heartbeat) {
            this.heartbeat = heartbeat;
            return this;
        }

        /**
         * How many child JVMs this root keeps started ahead (0 to 64); a spawn with the default child options claims
         * one instead of booting a JVM. Children of the root only; each pooled JVM costs its memory while it waits.
         */
        public Builder warmPoolSize(int size) {
            this.warmPoolSize = size;
            return this;
        }

        /** Where child JVMs keep their class data archive; null to start them without one. */
        public Builder classDataCache(Path directory) {
            this.classDataCache = directory;
            return this;
        }

        /**
         * Adds customizers of how application values map ({@link ValueMapperCustomizer}), applied in order after
         * those added before. Each must have a public no-arg constructor to reach core child actors.
         */
        public Builder valueMapper(ValueMapperCustomizer... customizers) {
            valueMappers.addAll(List.of(customizers));
            return this;
        }

        /** Replaces the value mapper customizers with {@code customizers}. */
        public Builder valueMappers(List<ValueMapperCustomizer> customizers) {
            valueMappers.clear();
            valueMappers.addAll(customizers);
            return this;
        }

        public TractorConfig build() {
            return new TractorConfig(name, modules, registryHost, registryPort, bindHost, transport, cookie,
                    cancelGracePeriod, spawnTimeout, streamWindow, maxFrameBytes, jvmArgs, warmPoolSize, cookieFile, tls,
                    limits, heartbeat, classDataCache, valueMappers, registryAddresses, advertiseHost, advertisePort,
                    bindPort);
        }
    }
}
