package dev.tractor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;

/**
 * A root with one child actor shared by the tests of a class (opened in {@code @BeforeAll}, closed in
 * {@code @AfterAll}), and the check that a test left nothing running on either side.
 */
public final class SharedChild implements AutoCloseable {

    private final ActorRuntime root;
    private final ActorNursery nursery;
    private final Portal child;

    private SharedChild(TractorConfig config, String childName) {
        root = Tractor.openRoot(config);
        nursery = root.openNursery();
        child = nursery.startActor(childName);
    }

    /** The configuration of the stream tests: a private registrar and the stream test modules. */
    public static TractorConfig.Builder streamConfig() {
        return TractorConfig.builder().name("root").registry("127.0.0.1", 0)
                .enableModules(Feeds.class, EchoServer.class, Observations.class);
    }

    public static SharedChild start(TractorConfig config, String childName) {
        return new SharedChild(config, childName);
    }

    public ActorRuntime root() {
        return root;
    }

    public Portal child() {
        return child;
    }

    /** The child runs no task and the root waits for no call to it (bounded waits). */
    public void assertIdle() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RemoteTasks.running(child)).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> openCalls(child) == 0);
    }

    /** How many calls the root has waiting for answers from {@code portal}'s actor (white-box). */
    public static int openCalls(Portal portal) throws ReflectiveOperationException {
        Field peerField = portal.getClass().getDeclaredField("peer");
        peerField.setAccessible(true);
        Object peer = peerField.get(portal);
        Field calls = peer.getClass().getDeclaredField("calls");
        calls.setAccessible(true);
        return ((Map<?, ?>) calls.get(peer)).size();
    }

    @Override
    public void close() {
        try {
            nursery.close();
        } finally {
            root.close();
        }
    }
}
