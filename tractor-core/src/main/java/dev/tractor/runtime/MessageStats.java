package dev.tractor.runtime;

import dev.tractor.wire.Msg;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts the messages an actor sends and receives, for {@code status} and monitoring. Thread-safe. */
final class MessageStats {

    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();

    void sent(Msg msg) {
        sent.increment();
    }

    void received(Msg msg) {
        received.increment();
    }

    Map<String, Long> snapshot() {
        return Map.of("messagesSent", sent.sum(), "messagesReceived", received.sum());
    }
}
