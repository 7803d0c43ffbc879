package dev.tractor.demo.spring.primes;

import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's bidirectional context: one worker counts primes under the root's control. The root pauses it,
 * resumes it and stops it over the context's stream, and prints what the worker reports back.
 */
final class ControlledWorker {

    /** A range the worker does not finish before it is stopped. */
    private static final long RANGE = 50_000_000;

    private ControlledWorker() {
    }

    /** Runs the control sequence in a nursery of its own; returns the states the worker reported, in order. */
    static List<String> run(ActorRuntime runtime, PrintStream out) throws InterruptedException {
        return runtime.withNursery(nursery -> {
            Portal worker = nursery.startActor("controlled-worker");
            List<String> states = new ArrayList<>();
            try (ContextHandle ctx = worker.openContext("primes", "countControlled", Map.of("from", 2, "to", RANGE))) {
                long pid = ctx.started(Long.class);
                out.println("[demo] context open with " + worker.uid().name() + " (pid " + pid + ")");
                @SuppressWarnings({"unchecked", "rawtypes"})
                MsgStream<Map<String, Object>> stream = (MsgStream) ctx.openStream(Map.class);
                try (stream) {
                    report(out, "counting", awaitState(stream, "counting", states));
                    stream.send("pause");
                    report(out, "paused", awaitState(stream, "paused", states));
                    Thread.sleep(500);
                    stream.send("resume");
                    report(out, "resumed", awaitState(stream, "counting", states));
                    stream.send("stop");
                    report(out, "stopped", awaitState(stream, "stopped", states));
                }
                out.println("[demo] the worker's context returned " + ctx.result(Long.class) + " primes");
            }
            return states;
        });
    }

    /** Reads progress items until one in {@code state} arrives (or a final one); records each new state seen. */
    private static Map<String, Object> awaitState(MsgStream<Map<String, Object>> stream, String state,
                                                  List<String> states) {
        while (true) {
            Map<String, Object> item = stream.receive();
            String seen = String.valueOf(item.get("state"));
            if (states.isEmpty() || !states.getLast().equals(seen)) {
                states.add(seen);
            }
            if (seen.equals(state) || seen.equals("done") || seen.equals("stopped")) {
                return item;
            }
        }
    }

    private static void report(PrintStream out, String what, Map<String, Object> item) {
        out.printf("[demo] %-8s after %,d numbers (%,d primes so far)%n", what,
                ((Number) item.get("checked")).longValue(), ((Number) item.get("primes")).longValue());
    }
}
