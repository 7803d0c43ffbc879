package dev.tractor.kubernetes;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.spawn.ChildEnvironment;
import dev.tractor.spawn.PoolClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The entry point of a warm pool's pod: runs a child main class (the core's or the Spring starter's) in its pooled
 * mode, which warms up and then waits for its claim on stdin — but a pod's stdin is not its parent's, so this main
 * hands it the claim itself: once the child main waits for its claim, it marks its pod ready (the annotation
 * {@value KubernetesSpawnBackend#POOLED_READY_ANNOTATION}), then watches its own pod until the parent writes the claim into the annotation
 * {@value KubernetesSpawnBackend#CLAIM_ANNOTATION} (identity, parent address and inherited configuration; never the
 * cookie, which the pod reads from its Secret), and feeds it to the child main through a pipe in place of stdin. A pod
 * deleted before it is claimed ends the child main as a closed pool does. Needs {@code get}, {@code watch} and
 * {@code patch} on its own pod. Arguments: the child main class.
 */
public final class PooledPodMain {

    private PooledPodMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 1) {
            System.err.println("usage: PooledPodMain <child main class> (started by a Tractor parent's warm pool)");
            System.exit(2);
            return;
        }
        PipedOutputStream claims = new PipedOutputStream();
        // the child main reads stdin once it has warmed up: then the pod says it is ready, and waits for its claim
        System.setIn(new FirstReadSignal(new PipedInputStream(claims, 1 << 20),
                () -> Thread.ofPlatform().daemon().name("tractor-pod-claim").start(() -> awaitClaim(claims))));
        try {
            Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) new String[] {PoolClaim.POOLED});
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void awaitClaim(PipedOutputStream claims) {
        String name = System.getenv(KubernetesSpawnBackend.POD_NAME_ENV);
        String namespace = System.getenv(KubernetesSpawnBackend.POD_NAMESPACE_ENV);
        try (claims; KubernetesClient client = new KubernetesClientBuilder().build()) {
            client.pods().inNamespace(namespace).withName(name).edit(p -> {
                if (p.getMetadata().getAnnotations() == null) {
                    p.getMetadata().setAnnotations(new HashMap<>());
                }
                p.getMetadata().getAnnotations().put(KubernetesSpawnBackend.POOLED_READY_ANNOTATION, "true");
                return p;
            });
            while (true) {
                Pod pod;
                try {
                    pod = client.pods().inNamespace(namespace).withName(name).waitUntilCondition(
                            p -> p == null || claim(p) != null, 1, TimeUnit.HOURS);
                } catch (KubernetesClientTimeoutException e) {
                    continue;   // still waiting for a spawn
                }
                if (pod == null) {
                    return;   // deleted unclaimed: the child main sees its stdin end and exits
                }
                String claim = claim(pod);
                if (claim != null) {
                    toClaim(claim).writeTo(claims);
                    return;
                }
            }
        } catch (IOException | KubernetesClientException | IllegalStateException e) {
            System.err.println("pooled pod " + name + ": no claim (" + e + "); exiting");
        }
    }

    /** Runs an action at the first read of the stream it wraps. */
    private static final class FirstReadSignal extends java.io.FilterInputStream {
        private final java.util.concurrent.atomic.AtomicBoolean signalled = new java.util.concurrent.atomic.AtomicBoolean();
        private final Runnable action;

        FirstReadSignal(java.io.InputStream in, Runnable action) {
            super(in);
            this.action = action;
        }

        private void signal() {
            if (signalled.compareAndSet(false, true)) {
                action.run();
            }
        }

        @Override
        public int read() throws IOException {
            signal();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            signal();
            return super.read(b, off, len);
        }
    }

    private static String claim(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(KubernetesSpawnBackend.CLAIM_ANNOTATION);
    }

    /** The claim written by the parent, with the cookie and this pod's own address from the environment. */
    static PoolClaim toClaim(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        Map<String, String> env = new HashMap<>();
        env.put(ChildEnvironment.CONFIG, p.getProperty("config"));
        String cookie = System.getenv(ChildEnvironment.COOKIE);
        if (cookie != null) {
            env.put(ChildEnvironment.COOKIE, cookie);
        }
        String bindHost = System.getenv(ChildEnvironment.BIND_HOST);
        if (bindHost != null) {
            env.put(ChildEnvironment.BIND_HOST, bindHost);
        }
        return new PoolClaim(new ActorUid(p.getProperty("name"), p.getProperty("uuid")),
                Address.parse(p.getProperty("parent")), env);
    }
}
