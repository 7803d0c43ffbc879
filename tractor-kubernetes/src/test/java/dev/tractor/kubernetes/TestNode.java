package dev.tractor.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a cluster's scheduler, kubelet and garbage collector over the mock API server: it watches the pods of
 * one namespace that Tractor manages and runs each pod's container command as a local process (its environment from
 * the pod spec, secret-backed values read from the Secret in the store, the downward API's pod IP answered with
 * 127.0.0.1, stdin empty as a container's), reports the pod {@code Running} on node {@value #NODE} and then
 * {@code Succeeded} or {@code Failed} with the container's exit code, kills the process of a deleted pod (SIGTERM,
 * then SIGKILL after the pod's grace), and deletes what a deleted pod owned (pods and Secrets with an owner reference
 * to it). A pod whose image starts with {@value #UNPULLABLE} stays {@code Pending} in {@code ImagePullBackOff} with an
 * event, as an image that cannot be pulled does. Keeps each pod's output for the log endpoint.
 */
final class TestNode implements AutoCloseable {

    static final String NODE = "test-node";
    static final String UNPULLABLE = "unpullable/";
    private static final int LOG_LINES = 500;

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> logs = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final Watch watch;

    TestNode(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                switch (action) {
                    case ADDED -> Thread.ofVirtual().start(() -> added(pod));
                    case DELETED -> Thread.ofVirtual().start(() -> podDeleted(pod));
                    default -> {
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** The last {@code lines} lines a pod's container wrote, or null if the pod never ran here. */
    String log(String pod, int lines) {
        Deque<String> all = logs.get(pod);
        if (all == null) {
            return null;
        }
        List<String> copy;
        synchronized (all) {
            copy = new ArrayList<>(all);
        }
        List<String> last = copy.subList(Math.max(0, copy.size() - lines), copy.size());
        return last.isEmpty() ? "" : String.join("\n", last) + "\n";
    }

    /** The local process running {@code pod}, if any. */
    Process process(String pod) {
        return processes.get(pod);
    }

    private void added(Pod pod) {
        String name = pod.getMetadata().getName();
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (labels == null || !KubernetesSpawnBackend.MANAGED_BY.equals(labels.get(KubernetesSpawnBackend.MANAGED_BY_LABEL))
                || !seen.add(name)) {
            return;
        }
        var container = pod.getSpec().getContainers().getFirst();
        if (container.getImage().startsWith(UNPULLABLE)) {
            String why = "Back-off pulling image \"" + container.getImage() + "\"";
            status(name, new PodStatusBuilder().withPhase("Pending")
                    .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName())
                            .withImage(container.getImage()).withReady(false)
                            .withState(new ContainerStateBuilder().withNewWaiting().withReason("ImagePullBackOff")
                                    .withMessage(why).endWaiting().build()).build()).build());
            event(pod, "Warning", "Failed", "Failed to pull image \"" + container.getImage()
                    + "\": repository does not exist or may require authorization");
            return;
        }
        List<String> command = new ArrayList<>(container.getCommand());
        if (container.getArgs() != null) {
            command.addAll(container.getArgs());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        for (EnvVar v : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            String value = value(pod, v);
            if (value == null) {
                status(name, new PodStatusBuilder().withPhase("Pending").withContainerStatuses(
                        new ContainerStatusBuilder().withName(container.getName()).withState(new ContainerStateBuilder()
                                .withNewWaiting().withReason("CreateContainerConfigError")
                                .withMessage("cannot resolve " + v.getName()).endWaiting().build()).build()).build());
                return;
            }
            pb.environment().put(v.getName(), value);
        }
        client.pods().inNamespace(namespace).withName(name).edit(p -> {
            p.getSpec().setNodeName(NODE);
            return p;
        });
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            terminated(name, container.getName(), 128, "StartError", e.getMessage());
            return;
        }
        processes.put(name, process);
        Deque<String> out = new ArrayDeque<>();
        logs.put(name, out);
        Thread.ofPlatform().daemon().name("test-node-log-" + name).start(() -> copy(process, out, name));
        if (deleted.contains(name)) {
            stop(name, 0);
            return;
        }
        status(name, new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1").withHostIP("127.0.0.1")
                .withStartTime(Instant.now().toString())
                .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName())
                        .withImage(container.getImage()).withReady(true).withStarted(true)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(Instant.now().toString())
                                .endRunning().build()).build()).build());
        process.onExit().thenRun(() -> {
            if (processes.remove(name, process) && !deleted.contains(name)) {
                int code = process.exitValue();
                terminated(name, container.getName(), code, code == 0 ? "Completed" : "Error", null);
            }
        });
    }

    private String value(Pod pod, EnvVar v) {
        if (v.getValueFrom() == null) {
            return v.getValue() == null ? "" : v.getValue();
        }
        if (v.getValueFrom().getFieldRef() != null) {
            return switch (v.getValueFrom().getFieldRef().getFieldPath()) {
                case "status.podIP", "status.hostIP" -> "127.0.0.1";
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> pod.getMetadata().getNamespace();
                case "spec.nodeName" -> NODE;
                default -> null;
            };
        }
        if (v.getValueFrom().getSecretKeyRef() != null) {
            Secret s = client.secrets().inNamespace(namespace).withName(v.getValueFrom().getSecretKeyRef().getName()).get();
            String data = s == null || s.getData() == null ? null : s.getData().get(v.getValueFrom().getSecretKeyRef().getKey());
            return data == null ? null : new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
        }
        return null;
    }

    private static void copy(Process process, Deque<String> out, String name) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println("[pod " + name + "] " + line);
                synchronized (out) {
                    if (out.size() == LOG_LINES) {
                        out.removeFirst();
                    }
                    out.addLast(line);
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    private void terminated(String pod, String container, int code, String reason, String message) {
        status(pod, new PodStatusBuilder().withPhase(code == 0 ? "Succeeded" : "Failed")
                .withPodIP("127.0.0.1").withHostIP("127.0.0.1")
                .withContainerStatuses(new ContainerStatusBuilder().withName(container).withReady(false)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(code).withReason(reason)
                                .withMessage(message).withFinishedAt(Instant.now().toString()).endTerminated().build())
                        .build()).build());
    }

    private void status(String pod, PodStatus status) {
        try {
            client.pods().inNamespace(namespace).withName(pod).editStatus(p -> {
                p.setStatus(status);
                return p;
            });
        } catch (KubernetesClientException e) {
            // deleted meanwhile
        }
    }

    private void event(Pod pod, String type, String reason, String message) {
        client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                .withNewMetadata().withGenerateName(pod.getMetadata().getName() + "-").withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName(pod.getMetadata().getName())
                .withNamespace(namespace).withUid(pod.getMetadata().getUid()).endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message)
                .withLastTimestamp(Instant.now().toString()).build()).create();
    }

    private void podDeleted(Pod pod) {
        String name = pod.getMetadata().getName();
        deleted.add(name);
        Long grace = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
        stop(name, grace == null ? 1 : Math.min(grace, 2));
        String uid = pod.getMetadata().getUid();
        collect(client.pods().inNamespace(namespace).list().getItems(), uid);
        collect(client.secrets().inNamespace(namespace).list().getItems(), uid);
    }

    /** The garbage collector: deletes what the deleted owner {@code uid} owned. */
    private void collect(List<? extends HasMetadata> objects, String uid) {
        for (HasMetadata o : objects) {
            if (o.getMetadata().getOwnerReferences() != null
                    && o.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid()))) {
                try {
                    client.resource(o).inNamespace(namespace).delete();
                } catch (KubernetesClientException ignored) {
                    // gone already
                }
            }
        }
    }

    /** Stops a pod's process as the kubelet does: SIGTERM, then SIGKILL after the grace period. */
    private void stop(String name, long graceSeconds) {
        Process p = processes.remove(name);
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops watching and kills every process still running. */
    @Override
    public void close() {
        watch.close();
        for (String name : List.copyOf(processes.keySet())) {
            stop(name, 0);
        }
    }
}
