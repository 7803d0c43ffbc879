package dev.tractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed status snapshot and its wire form ({@code self.status}) carry the same facts both ways. */
class ActorStatusTests {

    @Test
    void theWireFormReadsBackAsTheSameStatus() {
        ActorStatus status = new ActorStatus(new ActorUid("app", "0b5c6c3e-0000-4000-8000-000000000001"), 4242,
                "tcp://127.0.0.1:1616", Instant.parse("2026-12-05T10:00:00Z"), Duration.ofMinutes(3),
                List.of(new ActorStatus.Task("calc.square", "c1", "client[1234]", Instant.parse("2026-12-05T10:02:00Z"))),
                List.of(new ActorStatus.Child("worker", "uuid-w", 4343, true, false)),
                Map.of("messagesSent", 10L, "messagesReceived", 12L),
                new ActorStatus.Registry(true, "tcp://127.0.0.1:1616", List.of(new ActorStatus.Registered("worker",
                        new ActorUid("worker", "uuid-w"), "tcp://127.0.0.1:40001"))));
        assertThat(ActorStatus.fromWire(status.toWire())).isEqualTo(status);
        assertThat(status.toWire()).containsEntry("pid", 4242L).containsEntry("address", "tcp://127.0.0.1:1616")
                .containsEntry("uid", List.of("app", "0b5c6c3e-0000-4000-8000-000000000001"));
    }

    @Test
    void aStatusWithoutARegistryPartReadsAsNotTheRegistrar() {
        Map<String, Object> wire = new java.util.HashMap<>(new ActorStatus(new ActorUid("app", "u"), 1, "a",
                Instant.EPOCH, Duration.ZERO, List.of(), List.of(), Map.of(),
                new ActorStatus.Registry(true, "x", List.of())).toWire());
        wire.remove("registry");
        assertThat(ActorStatus.fromWire(wire).registry()).isEqualTo(new ActorStatus.Registry(false, null, List.of()));
    }

    @Test
    void somethingElseIsRefusedClearly() {
        assertThatThrownBy(() -> ActorStatus.fromWire(Map.of("pid", "x"))).isInstanceOf(TractorException.class)
                .hasMessageContaining("not an actor status");
    }
}
