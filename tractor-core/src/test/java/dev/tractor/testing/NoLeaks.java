package dev.tractor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.RuntimeCensus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a child process, a new non-daemon thread, or any of the runtime's own resources
 * behind: actors, running tasks, open cancel scopes and event-loop groups, counted by {@link RuntimeCensus} (virtual
 * threads and daemon event-loop threads do not show among the JVM's threads). Waits (bounded) for
 * processes that are already exiting; kills what is still left after the wait so later tests start clean.
 * Registered on a class, it checks after each test; {@link PerClass} checks after the whole class, for
 * classes that share child actors between their tests.
 */
public class NoLeaks implements BeforeEachCallback, AfterEachCallback {

    /** The same checks after all tests of a class (which may share a child actor), instead of after each. */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getStore(NS).put("threads", nonDaemonThreads());
        }

        @Override
        public void afterAll(ExtensionContext context) {
            check(context);
        }
    }

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeaks.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("threads", nonDaemonThreads());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context);
    }

    private static void check(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<Long> before = (Set<Long>) context.getStore(NS).get("threads");
        try {
            Awaitility.await("child processes to exit").atMost(Duration.ofSeconds(15)).pollInSameThread()
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> ProcessHandle.current().descendants().findAny().isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> left = ProcessHandle.current().descendants()
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("child processes leaked: " + left);
        }
        Awaitility.await("non-daemon threads to end").atMost(Duration.ofSeconds(10)).pollInSameThread()
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(newNonDaemonThreads(before)).isEmpty());
        Awaitility.await("the runtime's actors, tasks, scopes and event loops to end").atMost(Duration.ofSeconds(10))
                .pollInSameThread().pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(RuntimeCensus.snapshot()).as("live in this JVM")
                        .allSatisfy((kind, live) -> assertThat(live).as(kind.name()).isZero()));
    }

    private static List<String> newNonDaemonThreads(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t.threadId()))
                .filter(t -> !t.getName().startsWith("junit-jupiter-timeout-watcher"))
                .map(Thread::getName).toList();
    }

    private static Set<Long> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isDaemon()).map(Thread::threadId).collect(Collectors.toSet());
    }
}
