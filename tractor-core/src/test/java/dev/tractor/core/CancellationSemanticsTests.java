package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.RemoteActorError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Relay;
import dev.tractor.testing.SharedChild;
import dev.tractor.testing.SharedChildExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cancellation rules tractor's own tests check: a real error is never masked by a cancel that arrives while the task
 * unwinds; an actor cancelled by another reports who asked; a second root cannot be opened inside an actor.
 */
@ExtendWith(NoLeaks.PerClass.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancellationSemanticsTests {

    @RegisterExtension
    static final SharedChildExtension SHARED = SharedChildExtension.of(SharedChild.streamConfig()
            .enableModules(Relay.class), "semantics");

    @Test
    void aRealErrorIsNotMaskedByACancelArrivingWhileTheTaskUnwinds() {
        try (ContextHandle ctx = SHARED.child().openContext("echo", "failThenLinger", Map.of("millis", 1_000))) {
            assertThat(ctx.started()).isEqualTo("failing");
            ctx.cancel();
            assertThatThrownBy(ctx::result).isInstanceOfSatisfying(RemoteActorError.class, e -> {
                assertThat(e.remoteType()).isEqualTo(IllegalArgumentException.class.getName());
                assertThat(e.remoteMessage()).isEqualTo("the real error");
            });
        }
    }

    @Test
    void aSecondRootInsideAnActorTaskIsRefusedClearly() {
        assertThatThrownBy(() -> SHARED.child().run("relay", "openAnotherRoot", Map.of()))
                .isInstanceOfSatisfying(RemoteActorError.class, e -> {
                    assertThat(e.remoteType()).isEqualTo(TractorException.class.getName());
                    assertThat(e.remoteMessage()).contains("cannot open root actor 'nested'")
                            .contains("relay.openAnotherRoot").contains("nursery");
                });
    }

    @Test
    void aSecondRootInsideARootActorsTaskIsRefusedToo() {
        try (ActorRuntime server = Tractor.openRoot(TractorConfig.builder().name("server").registry("127.0.0.1", 0)
                .cookie("semantics").enableModules(Relay.class).build());
             ActorRuntime client = Tractor.openRoot(TractorConfig.builder().name("client").registry("127.0.0.1", 0)
                     .cookie("semantics").build())) {
            assertThatThrownBy(() -> client.connect(server.address()).run("relay", "openAnotherRoot", Map.of()))
                    .isInstanceOf(RemoteActorError.class).hasMessageContaining("cannot open root actor");
        }
    }

    @Test
    void aCalleeFailingInsideItsStreamBlockSendsItsErrorNotAStop() {
        try (ContextHandle ctx = SHARED.child().openContext("echo", "failInsideStream", Map.of("callback", true));
             MsgStream<String> stream = ctx.openStream(String.class)) {
            stream.send("ping");
            assertThat(stream.receive()).isEqualTo("ping");
            assertThatThrownBy(stream::receive).isInstanceOfSatisfying(RemoteActorError.class,
                    e -> assertThat(e.remoteMessage()).isEqualTo("failed inside the stream block"));
            assertThatThrownBy(ctx::result).isInstanceOf(RemoteActorError.class);
        }
    }

    @Test
    void inTheTryFormTheStopComesFirstAndTheErrorIsRaisedByResult() {
        try (ContextHandle ctx = SHARED.child().openContext("echo", "failInsideStream", Map.of("callback", false))) {
            try (MsgStream<String> stream = ctx.openStream(String.class)) {
                stream.send("ping");
                assertThat(stream.receive()).isEqualTo("ping");
                assertThatThrownBy(stream::receive).isInstanceOf(dev.tractor.EndOfStream.class);
            }
            assertThatThrownBy(ctx::result).isInstanceOfSatisfying(RemoteActorError.class,
                    e -> assertThat(e.remoteMessage()).isEqualTo("failed inside the stream block"));
        }
    }
}
