package dev.tractor.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster without a container engine: fabric8's mock API server in CRUD mode on loopback (plus the pod log endpoint,
 * which the CRUD store lacks, answered from the {@link TestNode}), a client of it, and a test node that runs the
 * pods. Parent pods are created in the store only (the test JVM plays the parent's process).
 */
final class MockCluster implements AutoCloseable {

    static final String NAMESPACE = "tractor-test";
    static final String IMAGE = "registry.example/app:1.0";

    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");
    private static final Pattern TAIL = Pattern.compile("[?&]tailLines=(\\d+)");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final TestNode node;

    MockCluster() {
        LogAnsweringDispatcher dispatcher = new LogAnsweringDispatcher();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        node = new TestNode(client, NAMESPACE);
        dispatcher.node = node;
    }

    KubernetesClient client() {
        return client;
    }

    TestNode node() {
        return node;
    }

    /** A new client of the mock API server (for a backend that closes its own). */
    KubernetesClient newClient() {
        return server.createClient();
    }

    /** Creates a parent pod object called {@code name} (not run by the node) and returns it as stored. */
    Pod parentPod(String name) {
        return client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels("app", "parent").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(IMAGE).endContainer().endSpec()
                .build()).create();
    }

    /**
     * Stops the API server first, then the node (killing what it still runs) and the client: the mock server can block
     * its event loop for up to a minute when a watch is closed while it still has events to send to it.
     */
    @Override
    public void close() {
        server.destroy();
        node.close();
        client.close();
    }

    /** The CRUD store, plus {@code GET .../pods/{name}/log} answered with the node's copy of the pod's output. */
    private static final class LogAnsweringDispatcher extends KubernetesMixedDispatcher {
        volatile TestNode node;

        LogAnsweringDispatcher() {
            super(new HashMap<>());
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Matcher m = LOG.matcher(request.getPath());
            if ("GET".equals(request.getMethod()) && m.matches()) {
                Matcher tail = TAIL.matcher(request.getPath());
                int lines = tail.find() ? Integer.parseInt(tail.group(1)) : Integer.MAX_VALUE;
                String text = node == null ? null : node.log(m.group(2), lines);
                return text == null ? new MockResponse().setResponseCode(404).setBody("{}")
                        : new MockResponse().setResponseCode(200).setBody(text);
            }
            return super.dispatch(request);
        }
    }
}
