package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.RootProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tree whose root process is SIGKILLed (no shutdown hook runs): the orphaned child notices, cancels
 * its task, closes its nursery (the grandchild goes first) and exits; nothing of the tree survives.
 * The root runs in its own JVM ({@code TreeRootMain}), whose output also shows the children's lines,
 * each prefixed by the name of the actor it came from.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrphanTests {

    @Test
    void killingTheRootProcessTakesItsWholeTreeDownDeepestFirst() throws Exception {
        try (RootProcess root = RootProcess.start(Duration.ofSeconds(1))) {
            long[] pids = root.awaitPids(Duration.ofSeconds(30));
            long child = pids[1];
            long grandchild = pids[2];
            assertThat(RootProcess.alive(child)).isTrue();
            assertThat(RootProcess.alive(grandchild)).isTrue();

            root.process().destroyForcibly();
            Deaths deaths = Deaths.watch(grandchild, child, Duration.ofSeconds(5));

            assertThat(deaths.after(child)).as("the orphaned child exits (%s)", deaths)
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(deaths.after(grandchild)).as("the whole tree is gone (%s)", deaths)
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(deaths.after(grandchild)).as("the grandchild goes first (%s)", deaths)
                    .isLessThanOrEqualTo(deaths.after(child));
        }
    }

    @Test
    void childrenOutputReachesTheRootPrefixedWithTheirNames() throws Exception {
        try (RootProcess root = RootProcess.start(Duration.ofSeconds(1))) {
            root.awaitPids(Duration.ofSeconds(30));
            Awaitility.await("the grandchild's lines").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(root.stdout()).contains("[child] [grandchild] hello from the grandchild");
                assertThat(root.stderr()).contains("[child] [grandchild] hello from the grandchild (stderr)");
            });
            long[] pids = root.awaitPids(Duration.ZERO);
            root.process().destroyForcibly();
            Deaths.watch(pids[2], pids[1], Duration.ofSeconds(5));
        }
    }
}
