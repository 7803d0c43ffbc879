package dev.tractor.kubernetes.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * How child actors' pods are built when {@code tractor.spawn.backend=kubernetes}. Unset values come from the parent's
 * own pod (image, namespace) or from the cluster's defaults.
 */
@ConfigurationProperties("tractor.kubernetes")
public class TractorKubernetesProperties {

    /** Namespace of the child pods. Defaults to the parent pod's namespace, else the client's. */
    private String namespace;

    /**
     * Name of the parent's own pod, which owns the child pods. Defaults to the TRACTOR_POD_NAME or HOSTNAME
     * environment variable; empty for none (a parent outside the cluster).
     */
    private String parentPod;

    /** Container image of the child pods. Defaults to the parent pod's image. */
    private String image;

    /** Path of the 'java' command inside the child's image. Defaults to this JVM's path. */
    private String javaCommand;

    /** Class path inside the child's image. Defaults to this JVM's class path. */
    private String classPath;

    /** Service account of the child pods (it needs the RBAC rules for its own children, if it spawns pods). */
    private String serviceAccount;

    /** Image pull policy of the child pods: Always, IfNotPresent or Never. */
    private String imagePullPolicy;

    /**
     * Secret holding the tree's cookie, which child pods read. An existing Secret must hold this tree's cookie;
     * defaults to one the backend creates, owned by the parent pod.
     */
    private String cookieSecret;

    /** Key of the cookie in the cookie Secret. */
    private String cookieSecretKey = "cookie";

    /** Resources of every child pod's container. */
    private final Resources resources = new Resources();

    /** Node labels every child pod must be scheduled on. */
    private final Map<String, String> nodeSelector = new LinkedHashMap<>();

    /** Extra labels of every child pod. */
    private final Map<String, String> labels = new LinkedHashMap<>();

    /** Extra annotations of every child pod. */
    private final Map<String, String> annotations = new LinkedHashMap<>();

    /**
     * YAML manifest of a pod the child pods start from (volumes, tolerations, security context, sidecars); the
     * backend sets name, labels, owner, and the 'actor' container's image, command and environment over it.
     */
    private Resource podTemplate;

    /** Whether a child's pod is deleted once the child has ended (its state and last log lines are kept first). */
    private boolean deleteFinishedPods = true;

    /** Number of a failed child's last log lines its error carries. */
    private int logLines = 40;

    /** Resource requests and limits of a container, as Kubernetes quantities ('500m', '512Mi'). */
    public static class Resources {

        /** Resource requests, e.g. cpu=250m, memory=256Mi. */
        private final Map<String, String> requests = new LinkedHashMap<>();

        /** Resource limits, e.g. memory=512Mi. */
        private final Map<String, String> limits = new LinkedHashMap<>();

        public Map<String, String> getRequests() {
            return requests;
        }

        public Map<String, String> getLimits() {
            return limits;
        }
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getParentPod() {
        return parentPod;
    }

    public void setParentPod(String parentPod) {
        this.parentPod = parentPod;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getJavaCommand() {
        return javaCommand;
    }

    public void setJavaCommand(String javaCommand) {
        this.javaCommand = javaCommand;
    }

    public String getClassPath() {
        return classPath;
    }

    public void setClassPath(String classPath) {
        this.classPath = classPath;
    }

    public String getServiceAccount() {
        return serviceAccount;
    }

    public void setServiceAccount(String serviceAccount) {
        this.serviceAccount = serviceAccount;
    }

    public String getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(String imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public String getCookieSecret() {
        return cookieSecret;
    }

    public void setCookieSecret(String cookieSecret) {
        this.cookieSecret = cookieSecret;
    }

    public String getCookieSecretKey() {
        return cookieSecretKey;
    }

    public void setCookieSecretKey(String cookieSecretKey) {
        this.cookieSecretKey = cookieSecretKey;
    }

    public Resources getResources() {
        return resources;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public Resource getPodTemplate() {
        return podTemplate;
    }

    public void setPodTemplate(Resource podTemplate) {
        this.podTemplate = podTemplate;
    }

    public boolean isDeleteFinishedPods() {
        return deleteFinishedPods;
    }

    public void setDeleteFinishedPods(boolean deleteFinishedPods) {
        this.deleteFinishedPods = deleteFinishedPods;
    }

    public int getLogLines() {
        return logLines;
    }

    public void setLogLines(int logLines) {
        this.logLines = logLines;
    }
}
