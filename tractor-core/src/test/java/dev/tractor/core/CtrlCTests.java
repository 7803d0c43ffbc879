package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.RootProcess;
import dev.tractor.testing.Signals;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A terminal's Ctrl-C reaches the root and its children at once (SIGINT to the whole foreground group): the root's
 * shutdown cancels the tree in order, the children do not die of the signal on their own, and nothing is reported
 * as a crash.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CtrlCTests {

    @Test
    void ctrlCToTheWholeTreeEndsItInOrderWithoutReportingACrash() throws Exception {
        try (RootProcess root = RootProcess.start(Duration.ofSeconds(2))) {
            long[] pids = root.awaitPids(Duration.ofSeconds(30));
            Signals.interrupt(pids[1]);
            Signals.interrupt(pids[2]);
            // the children leave the ending to their parent: a second later they still run
            Thread.sleep(1_000);
            assertThat(RootProcess.alive(pids[1])).as("the child after SIGINT").isTrue();
            assertThat(RootProcess.alive(pids[2])).as("the grandchild after SIGINT").isTrue();
            Signals.interrupt(pids[0]);
            Awaitility.await("the whole tree gone").atMost(Duration.ofSeconds(20)).until(() ->
                    !RootProcess.alive(pids[0]) && !RootProcess.alive(pids[1]) && !RootProcess.alive(pids[2]));
            String output = String.join("\n", root.stdout()) + "\n" + String.join("\n", root.stderr());
            assertThat(output).doesNotContain("exited unexpectedly").doesNotContain("ActorDied")
                    .doesNotContain("code 130");
        }
    }
}
