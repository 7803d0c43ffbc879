package dev.tractor.bench.tractor;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.Portal;
import dev.tractor.ReceiveStream;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import dev.tractor.bench.BenchJvm;
import dev.tractor.bench.Payloads;
import dev.tractor.bench.Rec;
import dev.tractor.bench.Target;
import dev.tractor.bench.Throughput;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/** The workloads' operations over Tractor: a root actor (this process) and one child actor. */
public final class TractorTarget implements Target {

    private static final String NS = "bench";

    /** The rtt and fan-in function: {@code inc}, or {@code incOnLoop} with {@code -Dbench.tractor.onEventLoop=true}. */

    private static final String INC = Boolean.getBoolean("bench.tractor.onEventLoop") ? "incOnLoop" : "inc";

    private final ActorRuntime root;
    private final ActorNursery nursery;
    private final Portal child;

    private TractorTarget(ActorRuntime root, ActorNursery nursery, Portal child) {
        this.root = root;
        this.nursery = nursery;
        this.child = child;
    }

    /** Opens a root actor on {@code transport} (with a private registrar) and starts the child actor. */
    public static TractorTarget start(Transport transport) {
        TractorConfig.Builder builder = TractorConfig.builder().name("bench")
                .enableModules(BenchFunctions.class)
                .registry("127.0.0.1", 0)
                .transport(transport)
                .jvmArgs(BenchJvm.OPTIONS);
        Integer window = Integer.getInteger("bench.streamWindow");
        if (window != null) {
            builder.streamWindow(window);
        }
        TractorConfig config = builder.build();
        ActorRuntime root = Tractor.openRoot(config);
        ActorNursery nursery = null;
        try {
            nursery = root.openNursery();
            return new TractorTarget(root, nursery, nursery.startActor("bench-child"));
        } catch (RuntimeException e) {
            if (nursery != null) {
                nursery.close();
            }
            root.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "tractor";
    }

    @Override
    public long childPid() {
        Map<?, ?> status = child.run("self", "status", Map.of(), Map.class);
        return ((Number) status.get("pid")).longValue();
    }

    @Override
    public int inc(int x) {
        return child.run(NS, INC, Map.of("x", x), Integer.class);
    }

    @Override
    public Rec rec(Rec r) {
        return child.run(NS, "rec", Map.of("r", r), Rec.class);
    }

    @Override
    public byte[] bytes(byte[] b) {
        return child.run(NS, "bytes", Map.of("b", b), byte[].class);
    }

    @Override
    public Throughput stream(Payloads.Item kind, Duration measure) {
        return switch (kind) {
            case INT -> consume(child.openStreamFrom(NS, "ints", Map.of("n", Integer.MAX_VALUE), Integer.class), measure);
            case REC -> consume(child.openStreamFrom(NS, "recs", Map.of("n", Integer.MAX_VALUE), Rec.class), measure);
            case BLOB -> consume(child.openStreamFrom(NS, "blobs", Map.of("n", Integer.MAX_VALUE), byte[].class), measure);
        };
    }

    /** Receives for {@code measure} after the first item, then closes the stream (which cancels the producer). */
    private static <T> Throughput consume(ReceiveStream<T> stream, Duration measure) {
        try (stream) {
            Iterator<T> items = stream.iterator();
            items.next();
            long start = System.nanoTime();
            long end = start + measure.toNanos();
            long count = 0;
            long now = start;
            while (now < end) {
                for (int i = 0; i < 64; i++) {
                    items.next();
                }
                count += 64;
                now = System.nanoTime();
            }
            return new Throughput(count, now - start);
        }
    }

    @Override
    public Throughput echo(int inFlight, Duration measure) {
        try (ContextHandle ctx = child.openContext(NS, "echo", Map.of())) {
            ctx.started();
            try (MsgStream<Integer> stream = ctx.openStream(Integer.class)) {
                return new EchoLoop(stream, inFlight).run(measure);
            }
        }
    }

    @Override
    public IdleSession openIdle() {
        ContextHandle ctx = child.openContext(NS, "idle", Map.of());
        try {
            ctx.started();
            ctx.openStream(Object.class);
        } catch (RuntimeException e) {
            ctx.cancel();
            throw e;
        }
        return ctx::close;
    }

    @Override
    public long calleeHeapUsed() {
        return child.run(NS, "heapUsed", Map.of(), Long.class);
    }

    @Override
    public int calleeOpenSessions() {
        return child.run(NS, "idleCount", Map.of(), Integer.class);
    }

    @Override
    public void close() {
        try {
            nursery.close();
        } finally {
            root.close();
        }
    }

    /**
     * Keeps {@code inFlight} echo messages outstanding from one thread: it sends that many, then each echo it
     * receives sends the next, as the raw baseline's event loop does.
     */
    private static final class EchoLoop {
        private final MsgStream<Integer> stream;
        private final int inFlight;

        EchoLoop(MsgStream<Integer> stream, int inFlight) {
            this.stream = stream;
            this.inFlight = inFlight;
        }

        Throughput run(Duration measure) {
            int sent = 0;
            for (; sent < inFlight; sent++) {
                stream.send(sent);
            }
            stream.receive();
            stream.send(sent++);
            long start = System.nanoTime();
            long end = start + measure.toNanos();
            long now = start;
            long counted = 0;
            while (now < end) {
                for (int i = 0; i < 16; i++) {
                    stream.receive();
                    stream.send(sent++);
                }
                counted += 16;
                now = System.nanoTime();
            }
            for (int left = inFlight; left > 0; left--) {
                stream.receive();
            }
            return new Throughput(counted, now - start);
        }
    }
}
