package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Context;
import dev.tractor.MsgStream;
import dev.tractor.Tractor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Functions that make their actor die in the middle of a call, a stream or a context. {@code how} is
 * {@code exit} (last words on stderr, then {@code System.exit(7)}), {@code oom} (allocates until the
 * heap is gone; start the actor with a small {@code -Xmx}) or {@code kill} (waits to be killed by the test).
 */
@ActorNamespace("doom")
public class Doom {

    /** The exit code {@code exit} uses. */
    public static final int EXIT_CODE = 7;

    @ActorFunction
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @ActorFunction
    public String die(String how) {
        dieBy(how);
        return "survived";
    }

    /** Yields 0, 1, 2, then dies while producing the next item. */
    @ActorFunction
    public Iterator<Integer> dieStreaming(String how) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 3) {
                    dieBy(how);
                }
                return next++;
            }
        };
    }

    /** Starts, echoes one message on its stream, then dies. */
    @ActorFunction
    public int dieInContext(Context ctx, String how) {
        ctx.started("ready");
        try (MsgStream<String> s = ctx.openStream(String.class)) {
            s.send(s.receive());
            dieBy(how);
        }
        return 0;
    }

    private static void dieBy(String how) {
        switch (how) {
            case "exit" -> {
                System.err.println("last words of " + Tractor.current().uid().name());
                System.err.flush();
                System.exit(EXIT_CODE);
            }
            case "oom" -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }
            case "kill" -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> throw new IllegalArgumentException("unknown way to die: " + how);
        }
    }
}
