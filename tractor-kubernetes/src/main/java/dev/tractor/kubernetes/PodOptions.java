package dev.tractor.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-child pod settings for the {@link KubernetesSpawnBackend}, passed as an extension of the child's
 * {@link dev.tractor.ActorOptions}: {@code options.with(PodOptions.none().withLimit("memory", "512Mi"))}. Unset values
 * come from the backend's {@link KubernetesSpawnSettings}; maps add to (and override entries of) the backend's.
 * Quantities are Kubernetes quantity strings ({@code 500m}, {@code 1Gi}).
 *
 * @param image        the child's container image, or null for the backend's
 * @param requests     resource requests ({@code cpu}, {@code memory}, ...)
 * @param limits       resource limits
 * @param nodeSelector node labels the child's pod must be scheduled on
 * @param labels       extra labels of the child's pod
 * @param annotations  extra annotations of the child's pod
 */
public record PodOptions(String image, Map<String, String> requests, Map<String, String> limits,
                         Map<String, String> nodeSelector, Map<String, String> labels,
                         Map<String, String> annotations) {

    public PodOptions {
        requests = Map.copyOf(Objects.requireNonNull(requests, "requests"));
        limits = Map.copyOf(Objects.requireNonNull(limits, "limits"));
        nodeSelector = Map.copyOf(Objects.requireNonNull(nodeSelector, "nodeSelector"));
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        annotations = Map.copyOf(Objects.requireNonNull(annotations, "annotations"));
    }

    /** No per-child pod settings. */
    public static PodOptions none() {
        return new PodOptions(null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** These options with another image. */
    public PodOptions withImage(String newImage) {
        return new PodOptions(newImage, requests, limits, nodeSelector, labels, annotations);
    }

    /** These options with a resource request, e.g. {@code withRequest("cpu", "250m")}. */
    public PodOptions withRequest(String resource, String quantity) {
        return new PodOptions(image, plus(requests, resource, quantity), limits, nodeSelector, labels, annotations);
    }

    /** These options with a resource limit, e.g. {@code withLimit("memory", "512Mi")}. */
    public PodOptions withLimit(String resource, String quantity) {
        return new PodOptions(image, requests, plus(limits, resource, quantity), nodeSelector, labels, annotations);
    }

    /** These options requiring a node label, e.g. {@code withNodeSelector("disktype", "ssd")}. */
    public PodOptions withNodeSelector(String label, String value) {
        return new PodOptions(image, requests, limits, plus(nodeSelector, label, value), labels, annotations);
    }

    /** These options with an extra pod label. */
    public PodOptions withLabel(String label, String value) {
        return new PodOptions(image, requests, limits, nodeSelector, plus(labels, label, value), annotations);
    }

    /** These options with an extra pod annotation. */
    public PodOptions withAnnotation(String annotation, String value) {
        return new PodOptions(image, requests, limits, nodeSelector, labels, plus(annotations, annotation, value));
    }

    /** {@code overrides} over these options: its image if set, its map entries over these. */
    PodOptions overriddenBy(PodOptions overrides) {
        return new PodOptions(overrides.image != null ? overrides.image : image, merged(requests, overrides.requests),
                merged(limits, overrides.limits), merged(nodeSelector, overrides.nodeSelector),
                merged(labels, overrides.labels), merged(annotations, overrides.annotations));
    }

    private static Map<String, String> plus(Map<String, String> map, String key, String value) {
        return merged(map, Map.of(key, value));
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> over) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(over);
        return all;
    }
}
