package dev.tractor.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/**
 * How the {@link KubernetesSpawnBackend} builds its children's pods. Build with {@link #builder()}; every setting has
 * a default that suits a parent that itself runs in a pod of the cluster.
 *
 * @param namespace          the children's namespace; null for the client's (in a pod: the pod's own)
 * @param parentPod          the parent's own pod, which owns the children's pods; null for the environment's
 *                           {@code TRACTOR_POD_NAME} or {@code HOSTNAME}; empty for none (a parent outside the
 *                           cluster: its children's pods have no owner)
 * @param image              the children's container image; null for the parent pod's
 * @param javaCommand        the {@code java} the child's container runs; null for the path of this JVM's
 * @param classPath          the class path inside the child's container; null for this JVM's
 * @param serviceAccount     the children's service account; null for the namespace's default
 * @param imagePullPolicy    the children's image pull policy; null for the cluster's default
 * @param cookieSecret       the Secret holding the tree's cookie; null for one the backend creates, owned by the
 *                           parent pod (an existing Secret must hold this tree's cookie)
 * @param cookieSecretKey    the key of the cookie in that Secret
 * @param podDefaults        resources, node selector, labels and annotations of every child (per child,
 *                           {@link PodOptions} add to them)
 * @param podTemplate        a pod the children's pods start from (volumes, tolerations, security context...); the
 *                           backend sets identity, owner, container command and environment over it; null for none
 * @param deleteFinishedPods whether a child's pod is deleted once the child has ended (its last log lines and state
 *                           are kept for the error messages first); false keeps ended pods until the parent's pod goes
 * @param logLines           how many of its last log lines a failed child's error carries
 */
public record KubernetesSpawnSettings(String namespace, String parentPod, String image, String javaCommand,
                                      String classPath, String serviceAccount, String imagePullPolicy,
                                      String cookieSecret, String cookieSecretKey, PodOptions podDefaults,
                                      Pod podTemplate, boolean deleteFinishedPods, int logLines) {

    public KubernetesSpawnSettings {
        Objects.requireNonNull(cookieSecretKey, "cookieSecretKey");
        Objects.requireNonNull(podDefaults, "podDefaults");
        if (logLines < 0) {
            throw new IllegalArgumentException("logLines must not be negative");
        }
    }

    /** The defaults: everything from the parent's pod and the client's namespace. */
    public static KubernetesSpawnSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.namespace = namespace;
        b.parentPod = parentPod;
        b.image = image;
        b.javaCommand = javaCommand;
        b.classPath = classPath;
        b.serviceAccount = serviceAccount;
        b.imagePullPolicy = imagePullPolicy;
        b.cookieSecret = cookieSecret;
        b.cookieSecretKey = cookieSecretKey;
        b.podDefaults = podDefaults;
        b.podTemplate = podTemplate;
        b.deleteFinishedPods = deleteFinishedPods;
        b.logLines = logLines;
        return b;
    }

    /** Builds {@link KubernetesSpawnSettings}; see the record's components for each setting. */
    public static final class Builder {
        private String namespace;
        private String parentPod;
        private String image;
        private String javaCommand;
        private String classPath;
        private String serviceAccount;
        private String imagePullPolicy;
        private String cookieSecret;
        private String cookieSecretKey = "cookie";
        private PodOptions podDefaults = PodOptions.none();
        private Pod podTemplate;
        private boolean deleteFinishedPods = true;
        private int logLines = 40;

        private Builder() {
        }

        public Builder namespace(String value) {
            namespace = value;
            return this;
        }

        public Builder parentPod(String value) {
            parentPod = value;
            return this;
        }

        public Builder image(String value) {
            image = value;
            return this;
        }

        public Builder javaCommand(String value) {
            javaCommand = value;
            return this;
        }

        public Builder classPath(String value) {
            classPath = value;
            return this;
        }

        public Builder serviceAccount(String value) {
            serviceAccount = value;
            return this;
        }

        public Builder imagePullPolicy(String value) {
            imagePullPolicy = value;
            return this;
        }

        public Builder cookieSecret(String value) {
            cookieSecret = value;
            return this;
        }

        public Builder cookieSecretKey(String value) {
            cookieSecretKey = value;
            return this;
        }

        public Builder podDefaults(PodOptions value) {
            podDefaults = value;
            return this;
        }

        public Builder podTemplate(Pod value) {
            podTemplate = value;
            return this;
        }

        public Builder deleteFinishedPods(boolean value) {
            deleteFinishedPods = value;
            return this;
        }

        public Builder logLines(int value) {
            logLines = value;
            return this;
        }

        public KubernetesSpawnSettings build() {
            return new KubernetesSpawnSettings(namespace, parentPod, image, javaCommand, classPath, serviceAccount,
                    imagePullPolicy, cookieSecret, cookieSecretKey, podDefaults, podTemplate, deleteFinishedPods,
                    logLines);
        }
    }
}
