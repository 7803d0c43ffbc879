package dev.tractor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorNursery;
import dev.tractor.ActorStartFailed;
import dev.tractor.spring.sample.SampleApplication;
import dev.tractor.testing.NoLeaks;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Actor functions that need a root-only bean cannot exist in a child: the spawn fails with the child's error, once,
 * naming the missing bean and pointing at {@code @ConditionalOnRootActor}.
 */
@ExtendWith(NoLeaks.PerClass.class)
@SpringBootTest(classes = SampleApplication.class,
        properties = {"tractor.name=ledger-root", "tractor.registry.port=0", "spring.profiles.active=ledger"})
@DirtiesContext
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RootOnlyDependencyIntegrationTests {

    @Autowired
    private ActorNurseryFactory nurseries;

    @Test
    void aChildWhoseFunctionsNeedARootOnlyBeanFailsSayingWhichAndWhatToDo() {
        try (ActorNursery n = nurseries.open()) {
            assertThatThrownBy(() -> n.startActor("clerk")).isInstanceOfSatisfying(ActorStartFailed.class, e -> {
                assertThat(e.getMessage()).contains("clerk").contains("RootOnlyLedger")
                        .contains("@ConditionalOnRootActor");
                assertThat(e.getMessage().split("hint: in a child actor", -1)).as("the hint, once").hasSize(2);
            });
        }
    }
}
