package dev.tractor.kubernetes;

import dev.tractor.spawn.ChildProcess;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child actor running in a pod, as its parent sees it through the API server: it has ended once its container
 * terminated, its pod reached phase {@code Failed} or {@code Succeeded}, or its pod was deleted. At the end it keeps
 * what explains it — the pod's phase and container state, the pod's events and the container's last log lines — and
 * then deletes the pod (unless told to keep ended pods). {@link #kill()} deletes the pod at once (the kubelet stops
 * the container with a one-second grace). The backend's pod watch feeds it ({@link #seen}, {@link #deleted}).
 * Thread-safe; only {@link #kill()}, {@link #outputTail()} and the named waits block, each bounded.
 */
final class PodChildProcess implements ChildProcess {

    private static final Logger log = LoggerFactory.getLogger(PodChildProcess.class);
    private static final long KILL_WAIT_MS = 5_000;

    private final KubernetesClient client;
    private final String namespace;
    private final String podName;
    private final String container;
    private final KubernetesSpawnSettings settings;
    private final Runnable forget;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicBoolean ending = new AtomicBoolean();
    private volatile Pod last;
    private volatile Integer exitCode;
    private volatile String tail;

    PodChildProcess(KubernetesClient client, String namespace, String podName, String container,
                    KubernetesSpawnSettings settings, Runnable forget) {
        this.client = client;
        this.namespace = namespace;
        this.podName = podName;
        this.container = container;
        this.settings = settings;
        this.forget = forget;
    }

    /** The pod's name. */
    String podName() {
        return podName;
    }

    /** The API server reported the pod in this state. */
    void seen(Pod pod) {
        last = pod;
        ContainerStateTerminated terminated = terminated(pod);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (terminated != null || "Failed".equals(phase) || "Succeeded".equals(phase)) {
            end(terminated != null ? terminated.getExitCode() : null, true);
        }
    }

    /** The pod was deleted; {@code pod} is its last known state, if any. */
    void deleted(Pod pod) {
        if (pod != null) {
            last = pod;
        }
        ContainerStateTerminated terminated = terminated(last);
        end(terminated != null ? terminated.getExitCode() : null, false);
    }

    private void end(Integer code, boolean podExists) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        // what explains the end is read from the API server: not on the watch's thread
        Thread.ofVirtual().name("tractor-pod-ended-" + podName).start(() -> {
            try {
                exitCode = code;
                tail = collectTail(podExists);
                if (podExists && settings.deleteFinishedPods()) {
                    delete();
                }
            } finally {
                ended.complete(null);
                forget.run();
            }
        });
    }

    /** Whether the pod runs (its container started) and has not ended. */
    boolean running() {
        Pod pod = last;
        return !ended.isDone() && pod != null && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    /** Whether the pod is a pooled one that has warmed up and waits for its claim. */
    boolean waitingForClaim() {
        Pod pod = last;
        return running() && pod.getMetadata().getAnnotations() != null
                && "true".equals(pod.getMetadata().getAnnotations().get(KubernetesSpawnBackend.POOLED_READY_ANNOTATION));
    }

    /** Deletes the pod without keeping anything of it: an unclaimed pooled pod. */
    void discard() {
        if (ending.compareAndSet(false, true)) {
            try {
                delete();
            } finally {
                ended.complete(null);
                forget.run();
            }
        }
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public String describe() {
        Pod pod = last;
        String node = pod == null || pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return "pod " + namespace + "/" + podName + (node == null ? "" : " on node " + node);
    }

    @Override
    public Map<String, String> placement() {
        Map<String, String> where = new LinkedHashMap<>();
        where.put("namespace", namespace);
        where.put("pod", podName);
        Pod pod = last;
        if (pod != null && pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
            where.put("node", pod.getSpec().getNodeName());
        }
        if (pod != null && pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
            where.put("podIP", pod.getStatus().getPodIP());
        }
        return where;
    }

    @Override
    public boolean isAlive() {
        return !ended.isDone();
    }

    @Override
    public CompletableFuture<?> onExit() {
        return ended;
    }

    @Override
    public Integer exitCode(long millis) {
        try {
            ended.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
        return exitCode;
    }

    @Override
    public boolean waitFor(long millis) throws InterruptedException {
        try {
            ended.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /**
     * Deletes the pod (its container gets one second to stop before it is killed), keeping what explains its end
     * first, and waits up to five seconds for the API server to confirm.
     */
    @Override
    public void kill() {
        if (ending.compareAndSet(false, true)) {
            try {
                ContainerStateTerminated terminated = terminated(last);
                exitCode = terminated != null ? terminated.getExitCode() : null;
                tail = collectTail(true);
                delete();
            } finally {
                ended.complete(null);
                forget.run();
            }
            return;
        }
        try {
            ended.get(KILL_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("the end of {} was not confirmed within {} ms", describe(), KILL_WAIT_MS);
        }
    }

    @Override
    public String outputTail() {
        String kept = tail;
        if (kept != null) {
            return kept;
        }
        return ended.isDone() ? "" : collectTail(true);
    }

    private void delete() {
        try {
            client.pods().inNamespace(namespace).withName(podName).withGracePeriod(1).delete();
        } catch (KubernetesClientException e) {
            log.warn("cannot delete the pod {}/{} of an ended child actor: {}", namespace, podName, e.getMessage());
        }
    }

    /** The pod's state, its events and (if it still exists) its container's last log lines. */
    private String collectTail(boolean podExists) {
        List<String> lines = new ArrayList<>();
        lines.add(state(last));
        List<String> events = events();
        if (!events.isEmpty()) {
            lines.add("events:");
            lines.addAll(events);
        }
        if (podExists && settings.logLines() > 0) {
            String logText = logs();
            if (logText != null && !logText.isBlank()) {
                lines.add("log:");
                logText.lines().forEach(lines::add);
            }
        }
        return String.join("\n", lines);
    }

    private String state(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return describe() + ": not scheduled yet";
        }
        StringBuilder s = new StringBuilder(describe()).append(": phase ").append(pod.getStatus().getPhase());
        ContainerStatus status = containerStatus(pod);
        ContainerState state = status == null ? null : status.getState();
        if (state != null && state.getWaiting() != null) {
            ContainerStateWaiting w = state.getWaiting();
            s.append(", container waiting: ").append(w.getReason());
            if (w.getMessage() != null) {
                s.append(" (").append(w.getMessage()).append(')');
            }
        } else if (state != null && state.getTerminated() != null) {
            ContainerStateTerminated t = state.getTerminated();
            s.append(", container terminated: ").append(t.getReason()).append(", exit code ").append(t.getExitCode());
            if (t.getMessage() != null) {
                s.append(" (").append(t.getMessage()).append(')');
            }
        } else if (state != null && state.getRunning() != null) {
            s.append(", container running");
        }
        if (pod.getStatus().getReason() != null) {
            s.append(", pod ").append(pod.getStatus().getReason());
            if (pod.getStatus().getMessage() != null) {
                s.append(" (").append(pod.getStatus().getMessage()).append(')');
            }
        }
        return s.toString();
    }

    private List<String> events() {
        try {
            List<Event> items = client.v1().events().inNamespace(namespace)
                    .withField("involvedObject.name", podName).list().getItems();
            if (items.isEmpty()) {
                // an API server that does not select events by their object (some test servers) answers none
                items = client.v1().events().inNamespace(namespace).list().getItems();
            }
            return items.stream()
                    .filter(e -> e.getInvolvedObject() != null && podName.equals(e.getInvolvedObject().getName()))
                    .sorted(Comparator.comparing(e -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp()))
                    .map(e -> "  " + e.getType() + " " + e.getReason() + ": " + e.getMessage())
                    .toList();
        } catch (KubernetesClientException e) {
            log.debug("cannot list the events of pod {}/{}: {}", namespace, podName, e.getMessage());
            return List.of();
        }
    }

    private String logs() {
        try {
            return client.pods().inNamespace(namespace).withName(podName).inContainer(container)
                    .tailingLines(settings.logLines()).getLog();
        } catch (KubernetesClientException e) {
            log.debug("cannot read the log of pod {}/{}: {}", namespace, podName, e.getMessage());
            return null;
        }
    }

    private ContainerStatus containerStatus(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream().filter(c -> container.equals(c.getName())).findFirst()
                .orElse(null);
    }

    private ContainerStateTerminated terminated(Pod pod) {
        ContainerStatus status = containerStatus(pod);
        return status == null || status.getState() == null ? null : status.getState().getTerminated();
    }

    @Override
    public String toString() {
        return "PodChildProcess[" + namespace + "/" + podName + "]";
    }
}
