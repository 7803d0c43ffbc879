package dev.tractor.runtime;

import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.TractorException;
import java.util.ArrayList;
import java.util.List;

/** Starts several daemon actors in one nursery at once, each on a virtual thread of its own. */
final class StartAll {

    private StartAll() {
    }

    /**
     * Starts an actor per name, all at once, and waits for all. If any fails to start, raises its error (the others'
     * attached as suppressed); the caller cancels the nursery, which reaps those that did start. An interrupt stops
     * the starts still in progress (their processes are killed) and raises.
     */
    static void startAll(ActorNursery nursery, List<String> names, ActorOptions options) {
        RuntimeException[] errors = new RuntimeException[names.size()];
        List<Thread> starters = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int at = i;
            starters.add(Thread.ofVirtual().name("tractor-start-" + names.get(i)).start(() -> {
                try {
                    nursery.startActor(names.get(at), options);
                } catch (RuntimeException e) {
                    errors[at] = e;
                }
            }));
        }
        try {
            for (Thread t : starters) {
                t.join();
            }
        } catch (InterruptedException e) {
            starters.forEach(Thread::interrupt);
            starters.forEach(StartAll::joinUninterruptibly);
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while starting " + names, e);
        }
        RuntimeException first = null;
        for (RuntimeException e : errors) {
            if (e == null) {
                continue;
            }
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
