package dev.tractor.kubernetes;

import dev.tractor.ActorStartFailed;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import dev.tractor.spawn.ChildEnvironment;
import dev.tractor.spawn.ChildProcess;
import dev.tractor.spawn.JvmSpawnBackend;
import dev.tractor.spawn.SpawnBackend;
import dev.tractor.spawn.SpawnRequest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each child actor as a pod of the cluster, owned by the parent's own pod: the cluster deletes the children's
 * pods once the parent's pod is gone. The pod runs the same child entry point a local child would (by default the
 * parent pod's image, the same {@code java} and class path), gets the inherited configuration in its environment and
 * the tree's cookie from a Secret (never in the pod spec's plain environment or arguments), binds its own pod
 * address, and connects back to the parent's address — which must therefore be reachable from other pods (bind the
 * parent to its pod IP). The child takes only the loss of that connection as its parent's end, as a container's
 * process parent and stdin are not its parent actor's.
 *
 * <p>The backend watches its children's pods: a pod whose container terminated, whose phase is {@code Failed} or
 * {@code Succeeded}, or that was deleted has ended, and the runtime reports it as it reports a local child's exit
 * (exit code, and the pod's state, events and last log lines as the output tail). Killing a child deletes its pod.
 * Ended pods are deleted once their state is kept (see {@link KubernetesSpawnSettings#deleteFinishedPods()}).
 *
 * <p>Every pod carries the labels {@value #MANAGED_BY_LABEL}={@value #MANAGED_BY}, {@value #TREE_LABEL},
 * {@value #PARENT_LABEL} (the parent's pod), {@value #ACTOR_LABEL}, {@value #UUID_LABEL} and {@value #SPAWNER_LABEL}
 * (this backend instance). With a warm pool ({@link #startAhead}), pods are started ahead and claimed through an
 * annotation. Thread-safe; {@link #close()} deletes the pool's pods and stops watching.
 */
public final class KubernetesSpawnBackend implements SpawnBackend, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesSpawnBackend.class);

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "tractor";
    public static final String TREE_LABEL = "tractor.dev/tree";
    public static final String PARENT_LABEL = "tractor.dev/parent";
    public static final String ACTOR_LABEL = "tractor.dev/actor";
    public static final String UUID_LABEL = "tractor.dev/actor-uuid";
    public static final String SPAWNER_LABEL = "tractor.dev/spawner";
    /** The annotation holding the actor's name as given (labels must be shortened and sanitised). */
    public static final String ACTOR_NAME_ANNOTATION = "tractor.dev/actor-name";
    /** The label of a warm pool's pod that waits for its claim. */
    public static final String POOLED_LABEL = "tractor.dev/pooled";
    /** The annotation by which a warm pool's pod says its JVM has warmed up and waits for its claim. */
    public static final String POOLED_READY_ANNOTATION = "tractor.dev/pooled-ready";
    /** The annotation through which a warm pool's pod is claimed: identity, parent address, configuration. */
    public static final String CLAIM_ANNOTATION = "tractor.dev/claim";
    /** The name of the child's container in its pod. */
    public static final String CONTAINER = "actor";
    /** The child's pod name, from the downward API: the backend of a child finds its own pod by it. */
    public static final String POD_NAME_ENV = "TRACTOR_POD_NAME";
    /** The child's namespace, from the downward API. */
    public static final String POD_NAMESPACE_ENV = "TRACTOR_POD_NAMESPACE";

    private final KubernetesClient client;
    private final KubernetesSpawnSettings settings;
    private final Function<SpawnRequest, List<String>> localCommand;
    private final Function<SpawnRequest, List<String>> localPooledCommand;
    private volatile PodPool pool;
    private final boolean childrenConfigureTls;
    private final boolean childrenConfigureValueMappers;
    private final String spawnerId = UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    private final Map<String, PodChildProcess> children = new ConcurrentHashMap<>();
    private final Object setupLock = new Object();
    private volatile ParentPod parent;
    private volatile SharedIndexInformer<Pod> informer;
    private final Set<String> verifiedCookies = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile String unownedSecret;

    /** A backend whose children run the core's child entry point, as {@link JvmSpawnBackend} starts it. */
    public KubernetesSpawnBackend(KubernetesClient client, KubernetesSpawnSettings settings) {
        this(client, settings, new JvmSpawnBackend()::command, new JvmSpawnBackend()::pooledCommand, false, false);
    }

    /**
     * A backend whose children run the command {@code localCommand} gives for a request — the command a local
     * backend would run, which the pod runs in place of its image's entry point (the {@code java} and class path
     * replaced as {@code settings} say).
     *
     * @param childrenConfigureTls          whether those children set up TLS by themselves
     * @param childrenConfigureValueMappers whether those children customise their value mapper by themselves
     */
    public KubernetesSpawnBackend(KubernetesClient client, KubernetesSpawnSettings settings,
                                  Function<SpawnRequest, List<String>> localCommand, boolean childrenConfigureTls,
                                  boolean childrenConfigureValueMappers) {
        this(client, settings, localCommand, null, childrenConfigureTls, childrenConfigureValueMappers);
    }

    /**
     * As {@link #KubernetesSpawnBackend(KubernetesClient, KubernetesSpawnSettings, Function, boolean, boolean)}, with
     * the command of a pooled local child ({@link dev.tractor.spawn.PoolableSpawnBackend#pooledCommand}), which makes
     * a warm pool of pods possible ({@link #startAhead}); null for none.
     */
    public KubernetesSpawnBackend(KubernetesClient client, KubernetesSpawnSettings settings,
                                  Function<SpawnRequest, List<String>> localCommand,
                                  Function<SpawnRequest, List<String>> localPooledCommand,
                                  boolean childrenConfigureTls, boolean childrenConfigureValueMappers) {
        this.client = client;
        this.settings = settings;
        this.localCommand = localCommand;
        this.localPooledCommand = localPooledCommand;
        this.childrenConfigureTls = childrenConfigureTls;
        this.childrenConfigureValueMappers = childrenConfigureValueMappers;
    }

    @Override
    public ChildProcess spawn(SpawnRequest request) {
        String name = request.uid().name();
        if (closed) {
            throw new ActorStartFailed("cannot start actor '" + name + "': the Kubernetes spawn backend is closed", name,
                    "", null);
        }
        ParentPod p;
        try {
            p = setUp();
        } catch (KubernetesClientException e) {
            throw new ActorStartFailed("cannot start actor '" + name + "' as a pod: the API server did not answer ("
                    + e.getMessage() + ")", name, "", e);
        }
        SpawnRequest forPod = forPod(request);
        String secret = cookieSecret(p, request.cookie(), name);
        PodPool warm = pool;
        if (warm != null && request.options().extension(PodOptions.class).isEmpty()
                && warm.command().equals(pooledCommand(forPod))) {
            PodChildProcess claimed = warm.claim(forPod);
            if (claimed != null) {
                log.debug("actor {} claimed the pooled pod {}/{}", request.uid(), p.namespace(), claimed.podName());
                return claimed;
            }
        }
        Pod pod = pod(forPod, p, secret, podName(request), command(forPod), false);
        String podName = pod.getMetadata().getName();
        PodChildProcess child;
        try {
            child = create(p, pod);
        } catch (KubernetesClientException e) {
            throw new ActorStartFailed("cannot start actor '" + name + "': creating its pod " + p.namespace() + "/"
                    + podName + " failed: " + e.getMessage(), name, "", e);
        }
        log.debug("actor {} starts in pod {}/{}", request.uid(), p.namespace(), podName);
        return child;
    }

    @Override
    public boolean childrenConfigureTls() {
        return childrenConfigureTls;
    }

    @Override
    public boolean childrenConfigureValueMappers() {
        return childrenConfigureValueMappers;
    }

    /**
     * Keeps {@code size} pods started ahead (no identity: their JVM booted and warmed up) for spawns whose pod would
     * run the same command as {@code template}'s; a claim writes the child's identity into a running one. Not
     * possible without a pooled command, nor for children launched through Spring Boot's executable-jar launcher.
     */
    @Override
    public boolean startAhead(SpawnRequest template, int size) {
        if (localPooledCommand == null || size <= 0 || closed) {
            return false;
        }
        SpawnRequest forPod = forPod(template);
        List<String> command = pooledCommand(forPod);
        if (command == null) {
            log.info("a warm pool of pods is not used: children launched through {} cannot be pooled",
                    localPooledCommand.apply(forPod));
            return false;
        }
        ParentPod p;
        String secret;
        try {
            p = setUp();
            secret = cookieSecret(p, template.cookie(), template.uid().name());
        } catch (RuntimeException e) {
            log.warn("a warm pool of pods is not used: {}", e.getMessage());
            return false;
        }
        pool = new PodPool(client, p.namespace(), size, command,
                () -> startPooled(forPod, p, secret, command), this::claim);
        return true;
    }

    @Override
    public void childStarted() {
        PodPool warm = pool;
        if (warm != null) {
            warm.refill();
        }
    }

    @Override
    public void stopAhead() {
        PodPool warm = pool;
        if (warm != null) {
            warm.close();
        }
    }

    /** How many pods of the warm pool run and wait for a claim now (0 without a pool). */
    public int warmPodsReady() {
        PodPool warm = pool;
        return warm == null ? 0 : warm.readyCount();
    }

    /** How many spawns the warm pool has served. */
    public int warmPodsClaimed() {
        PodPool warm = pool;
        return warm == null ? 0 : warm.claimCount();
    }

    private PodChildProcess startPooled(SpawnRequest template, ParentPod p, String secret, List<String> command) {
        String tree = p.tree().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        String podName = (tree.length() > 40 ? tree.substring(0, 40).replaceAll("-+$", "") : tree)
                + "-pooled-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        return create(p, pod(template, p, secret, podName, command, true));
    }

    /** Watches {@code pod} as a child of this backend and creates it; forgets it again if the creation fails. */
    private PodChildProcess create(ParentPod p, Pod pod) {
        String podName = pod.getMetadata().getName();
        PodChildProcess child = new PodChildProcess(client, p.namespace(), podName, CONTAINER, settings,
                () -> children.remove(podName));
        children.put(podName, child);
        try {
            client.pods().inNamespace(p.namespace()).resource(pod).create();
        } catch (KubernetesClientException e) {
            children.remove(podName);
            throw e;
        }
        return child;
    }

    /** Hands the pooled pod of {@code child} the identity of {@code request}; false if the pod is gone. */
    private boolean claim(PodChildProcess child, SpawnRequest request) {
        Map<String, String> env = new HashMap<>();
        ChildEnvironment.write(request.config(), request.cookie(), env);
        java.util.Properties claim = new java.util.Properties();
        claim.setProperty("name", request.uid().name());
        claim.setProperty("uuid", request.uid().uuid());
        claim.setProperty("parent", request.parentAddress().toString());
        claim.setProperty("config", env.get(ChildEnvironment.CONFIG));
        java.io.StringWriter text = new java.io.StringWriter();
        try {
            claim.store(text, null);
            client.pods().inNamespace(namespace()).withName(child.podName()).edit(pod -> {
                if (pod.getMetadata().getAnnotations() == null) {
                    pod.getMetadata().setAnnotations(new LinkedHashMap<>());
                }
                pod.getMetadata().getLabels().remove(POOLED_LABEL);
                pod.getMetadata().getLabels().put(ACTOR_LABEL, labelValue(request.uid().name()));
                pod.getMetadata().getLabels().put(UUID_LABEL, request.uid().uuid());
                pod.getMetadata().getAnnotations().put(ACTOR_NAME_ANNOTATION, request.uid().name());
                pod.getMetadata().getAnnotations().put(CLAIM_ANNOTATION, text.toString());
                return pod;
            });
            return true;
        } catch (KubernetesClientException | java.io.IOException e) {
            log.debug("the pooled pod {} could not be claimed: {}", child.podName(), e.getMessage());
            return false;
        }
    }

    /**
     * The command of a pooled pod for {@code request}: the local pooled command with {@link PooledPodMain} in front of
     * the child main class; null when the child main cannot be run that way (an executable jar's launcher).
     */
    List<String> pooledCommand(SpawnRequest request) {
        if (localPooledCommand == null) {
            return null;
        }
        List<String> cmd = withImagePaths(localPooledCommand.apply(request));
        int pooled = cmd.lastIndexOf(dev.tractor.spawn.PoolClaim.POOLED);
        if (pooled < 1 || cmd.get(pooled - 1).startsWith("org.springframework.boot.loader.")) {
            return null;
        }
        cmd.set(pooled, cmd.get(pooled - 1));
        cmd.set(pooled - 1, PooledPodMain.class.getName());
        return cmd;
    }

    /** The settings this backend builds pods with. */
    public KubernetesSpawnSettings settings() {
        return settings;
    }

    /** The client this backend talks to the API server with. */
    public KubernetesClient client() {
        return client;
    }

    /** The namespace the children's pods are created in. */
    public String namespace() {
        ParentPod p = parent;
        return p != null ? p.namespace() : resolveNamespace();
    }

    /**
     * Deletes the warm pool's pods (and the cookie Secret it created, when no pod owns it) and stops watching the
     * children's pods; pods of children still running stay (their owner, the parent's pod, outlives them).
     */
    @Override
    public void close() {
        closed = true;
        stopAhead();
        SharedIndexInformer<Pod> i = informer;
        if (i != null) {
            i.close();
        }
        String secret = unownedSecret;
        if (secret != null) {
            try {
                client.secrets().inNamespace(namespace()).withName(secret).delete();
            } catch (KubernetesClientException e) {
                log.warn("cannot delete the cookie Secret {}/{}: {}", namespace(), secret, e.getMessage());
            }
        }
    }

    /** Finds the parent's pod and starts watching this backend's pods, once. */
    private ParentPod setUp() {
        ParentPod p = parent;
        if (p != null) {
            return p;
        }
        synchronized (setupLock) {
            if (parent != null) {
                return parent;
            }
            String namespace = resolveNamespace();
            Pod own = null;
            String ownName = settings.parentPod() != null ? settings.parentPod()
                    : System.getenv().getOrDefault(POD_NAME_ENV, System.getenv("HOSTNAME"));
            if (ownName != null && !ownName.isEmpty()) {
                own = client.pods().inNamespace(namespace).withName(ownName).get();
                if (own == null) {
                    log.warn("the parent's pod {}/{} was not found: child pods will have no owner, and the cluster"
                            + " will not delete them when this process's pod goes", namespace, ownName);
                }
            }
            String tree = own == null ? "tractor" : own.getMetadata().getLabels() != null
                    && own.getMetadata().getLabels().get(TREE_LABEL) != null
                    ? own.getMetadata().getLabels().get(TREE_LABEL) : own.getMetadata().getName();
            informer = client.pods().inNamespace(namespace).withLabel(SPAWNER_LABEL, spawnerId)
                    .inform(new Watcher(), 0);
            parent = new ParentPod(namespace, own, labelValue(tree));
            return parent;
        }
    }

    private String resolveNamespace() {
        if (settings.namespace() != null) {
            return settings.namespace();
        }
        String fromPod = System.getenv(POD_NAMESPACE_ENV);
        if (fromPod != null && !fromPod.isEmpty()) {
            return fromPod;
        }
        return client.getNamespace() != null ? client.getNamespace() : "default";
    }

    /**
     * The request as a pod runs it: TCP (a Unix socket does not cross pods) and no class data archive (its files are
     * this machine's).
     */
    private static SpawnRequest forPod(SpawnRequest request) {
        TractorConfig config = request.config().toBuilder().transport(Transport.TCP).classDataCache(null).build();
        return new SpawnRequest(request.uid(), request.parentAddress(), request.cookie(), config, request.options());
    }

    /**
     * The Secret the children read the cookie from: the configured one (which must hold this tree's cookie), else one
     * created for this parent and owned by its pod.
     */
    private String cookieSecret(ParentPod p, String cookie, String actor) {
        String name = settings.cookieSecret() != null ? settings.cookieSecret()
                : p.pod() != null ? p.pod().getMetadata().getName() + "-tractor-cookie"
                : "tractor-cookie-" + spawnerId;
        String key = settings.cookieSecretKey();
        if (verifiedCookies.contains(name + "\n" + digest(cookie))) {
            return name;
        }
        try {
            Secret existing = client.secrets().inNamespace(p.namespace()).withName(name).get();
            if (existing == null) {
                Secret secret = new SecretBuilder()
                        .withNewMetadata().withName(name).withNamespace(p.namespace())
                        .withLabels(Map.of(MANAGED_BY_LABEL, MANAGED_BY, TREE_LABEL, p.tree()))
                        .withOwnerReferences(p.owners()).endMetadata()
                        .withType("Opaque")
                        .withData(Map.of(key, Base64.getEncoder().encodeToString(cookie.getBytes(StandardCharsets.UTF_8))))
                        .build();
                client.secrets().inNamespace(p.namespace()).resource(secret).create();
                if (p.pod() == null) {
                    unownedSecret = name;   // no owner to take it along: deleted when this backend closes
                }
            } else {
                String held = existing.getData() == null ? null : existing.getData().get(key);
                String decoded = held == null ? null : new String(Base64.getDecoder().decode(held), StandardCharsets.UTF_8);
                if (!cookie.equals(decoded)) {
                    throw new ActorStartFailed("cannot start actor '" + actor + "': the Secret " + p.namespace() + "/"
                            + name + (decoded == null ? " has no key '" + key + "'" : " holds another cookie than this"
                            + " tree's") + ", so the child could not authenticate; give the parent the Secret's"
                            + " cookie (tractor.cookie from the same Secret) or name another Secret", actor, "", null);
                }
            }
        } catch (KubernetesClientException e) {
            throw new ActorStartFailed("cannot start actor '" + actor + "': the cookie Secret " + p.namespace() + "/"
                    + name + " cannot be read or created: " + e.getMessage(), actor, "", e);
        }
        verifiedCookies.add(name + "\n" + digest(cookie));
        return name;
    }

    /** The pod of the child {@code request} describes, or of a pooled child ({@code pooled}: no identity yet). */
    Pod pod(SpawnRequest request, ParentPod p, String cookieSecret, String podName, List<String> command,
            boolean pooled) {
        PodOptions options = settings.podDefaults()
                .overriddenBy(request.options().extension(PodOptions.class).orElse(PodOptions.none()));
        String image = options.image() != null ? options.image() : settings.image() != null ? settings.image()
                : p.image();
        if (image == null) {
            throw new ActorStartFailed("cannot start actor '" + request.uid().name() + "' as a pod: no image (set"
                    + " tractor.kubernetes.image, or run the parent in a pod the backend can read)",
                    request.uid().name(), "", null);
        }
        Pod base = settings.podTemplate() != null ? new PodBuilder(settings.podTemplate()).build() : new Pod();
        ObjectMeta meta = base.getMetadata() != null ? base.getMetadata() : new ObjectMeta();
        meta.setName(podName);
        meta.setNamespace(p.namespace());
        meta.setGenerateName(null);
        Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
        labels.putAll(options.labels());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(TREE_LABEL, p.tree());
        if (p.pod() != null) {
            labels.put(PARENT_LABEL, labelValue(p.pod().getMetadata().getName()));
        }
        if (pooled) {
            labels.put(POOLED_LABEL, "true");
        } else {
            labels.put(ACTOR_LABEL, labelValue(request.uid().name()));
            labels.put(UUID_LABEL, request.uid().uuid());
        }
        labels.put(SPAWNER_LABEL, spawnerId);
        meta.setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of()
                : meta.getAnnotations());
        annotations.putAll(options.annotations());
        if (!pooled) {
            annotations.put(ACTOR_NAME_ANNOTATION, request.uid().name());
        }
        meta.setAnnotations(annotations);
        meta.setOwnerReferences(p.owners());
        base.setMetadata(meta);

        PodSpec spec = base.getSpec() != null ? base.getSpec() : new PodSpec();
        spec.setRestartPolicy("Never");
        if (settings.serviceAccount() != null) {
            spec.setServiceAccountName(settings.serviceAccount());
        }
        if (!options.nodeSelector().isEmpty()) {
            Map<String, String> selector = new LinkedHashMap<>(spec.getNodeSelector() == null ? Map.of()
                    : spec.getNodeSelector());
            selector.putAll(options.nodeSelector());
            spec.setNodeSelector(selector);
        }
        // the kubelet's grace after a delete: the runtime has asked the child to cancel already
        spec.setTerminationGracePeriodSeconds(
                Math.max(1, (request.config().cancelGracePeriod().toMillis() + 999) / 1000));
        List<Container> containers = new ArrayList<>(spec.getContainers() == null ? List.of() : spec.getContainers());
        Container templateContainer = containers.stream().filter(c -> CONTAINER.equals(c.getName())).findFirst()
                .orElse(containers.isEmpty() ? null : containers.getFirst());
        containers.remove(templateContainer);
        containers.addFirst(container(request, image, options, templateContainer, cookieSecret, command, pooled));
        spec.setContainers(containers);
        base.setSpec(spec);
        base.setStatus(null);
        return base;
    }

    private Container container(SpawnRequest request, String image, PodOptions options, Container template,
                                String cookieSecret, List<String> command, boolean pooled) {
        ContainerBuilder c = template != null ? new ContainerBuilder(template) : new ContainerBuilder();
        c.withName(CONTAINER).withImage(image).withCommand(command).withArgs(List.of());
        if (settings.imagePullPolicy() != null) {
            c.withImagePullPolicy(settings.imagePullPolicy());
        }
        if (!options.requests().isEmpty() || !options.limits().isEmpty()) {
            c.withResources(new ResourceRequirementsBuilder().withRequests(quantities(options.requests()))
                    .withLimits(quantities(options.limits())).build());
        }
        Map<String, String> env = new HashMap<>();
        ChildEnvironment.write(request.config(), request.cookie(), env);
        List<EnvVar> vars = new ArrayList<>();
        if (template != null && template.getEnv() != null) {
            Set<String> ours = new HashSet<>(List.of(ChildEnvironment.CONFIG, ChildEnvironment.COOKIE,
                    ChildEnvironment.BIND_HOST, ChildEnvironment.PARENT_WATCH, POD_NAME_ENV, POD_NAMESPACE_ENV));
            template.getEnv().stream().filter(v -> !ours.contains(v.getName())).forEach(vars::add);
        }
        if (!pooled) {   // a pooled child gets its configuration with its claim
            vars.add(new EnvVarBuilder().withName(ChildEnvironment.CONFIG).withValue(env.get(ChildEnvironment.CONFIG))
                    .build());
        }
        vars.add(new EnvVarBuilder().withName(ChildEnvironment.COOKIE).withNewValueFrom().withNewSecretKeyRef()
                .withName(cookieSecret).withKey(settings.cookieSecretKey()).endSecretKeyRef().endValueFrom().build());
        vars.add(fieldRef(ChildEnvironment.BIND_HOST, "status.podIP"));
        vars.add(new EnvVarBuilder().withName(ChildEnvironment.PARENT_WATCH)
                .withValue(ChildEnvironment.WATCH_CONNECTION_ONLY).build());
        vars.add(fieldRef(POD_NAME_ENV, "metadata.name"));
        vars.add(fieldRef(POD_NAMESPACE_ENV, "metadata.namespace"));
        c.withEnv(vars);
        return c.build();
    }

    /** The local command, with the {@code java} and class path of the image when they are configured. */
    List<String> command(SpawnRequest request) {
        return withImagePaths(localCommand.apply(request));
    }

    private List<String> withImagePaths(List<String> local) {
        List<String> cmd = new ArrayList<>(local);
        if (settings.javaCommand() != null) {
            cmd.set(0, settings.javaCommand());
        }
        int cp = cmd.indexOf("-cp");
        if (settings.classPath() != null && cp >= 0 && cp + 1 < cmd.size()) {
            cmd.set(cp + 1, settings.classPath());
        }
        return cmd;
    }

    private static EnvVar fieldRef(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path)
                .endFieldRef().endValueFrom().build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> q = new LinkedHashMap<>();
        values.forEach((k, v) -> q.put(k, new Quantity(v)));
        return q;
    }

    /** A DNS-1123 name: the actor's name, sanitised and shortened, and the start of its uuid. */
    static String podName(SpawnRequest request) {
        String base = request.uid().name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+|-+$", "");
        if (base.length() > 40) {
            base = base.substring(0, 40).replaceAll("-+$", "");
        }
        String id = request.uid().uuid().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        return (base.isEmpty() ? "actor" : base) + "-" + id;
    }

    /** A valid label value: at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric. */
    static String labelValue(String text) {
        String v = text.replaceAll("[^A-Za-z0-9._-]+", "-");
        if (v.length() > 63) {
            v = v.substring(0, 63);
        }
        v = v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        return v.isEmpty() ? "x" : v;
    }

    private static String digest(String cookie) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(cookie.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Routes pod events to the child each pod runs. */
    private final class Watcher implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            route(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            route(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            PodChildProcess child = children.get(pod.getMetadata().getName());
            if (child != null) {
                child.deleted(finalStateUnknown ? null : pod);
            }
        }

        private void route(Pod pod) {
            PodChildProcess child = children.get(pod.getMetadata().getName());
            if (child != null) {
                child.seen(pod);
            }
        }
    }

    /**
     * Where children are created and who owns them.
     *
     * @param namespace the children's namespace
     * @param pod       the parent's own pod, or null when it is not known
     * @param tree      the tree's label value
     */
    record ParentPod(String namespace, Pod pod, String tree) {

        /** The owner references of a child's pod: the parent's pod, if known. */
        List<OwnerReference> owners() {
            if (pod == null) {
                return List.of();
            }
            return List.of(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                    .withBlockOwnerDeletion(true).withController(false).build());
        }

        /** The parent pod's image: of its container named like a child's, else its first. */
        String image() {
            if (pod == null || pod.getSpec() == null || pod.getSpec().getContainers().isEmpty()) {
                return null;
            }
            return pod.getSpec().getContainers().stream().filter(c -> CONTAINER.equals(c.getName())).findFirst()
                    .orElse(pod.getSpec().getContainers().getFirst()).getImage();
        }
    }
}
