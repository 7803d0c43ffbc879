package dev.tractor.runtime;

import dev.tractor.TractorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs one action per item all at once, each on a virtual thread of its own, and waits for all of them. */
final class AtOnce {

    private AtOnce() {
    }

    /**
     * The action's results in the order of {@code items}. If any action fails, the results of those that succeeded
     * are handed to {@code undo} and the first failure (in item order) is raised, the others attached as suppressed.
     * An interrupt interrupts every action, waits for them to end and raises, the thread's flag set again.
     */
    static <I, R> List<R> map(List<I> items, Function<? super I, ? extends R> action, Consumer<? super R> undo,
                              String threadName) {
        Object[] results = new Object[items.size()];
        RuntimeException[] errors = new RuntimeException[items.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int at = i;
            threads.add(Thread.ofVirtual().name(threadName + "-" + i).start(() -> {
                try {
                    results[at] = action.apply(items.get(at));
                } catch (RuntimeException e) {
                    errors[at] = e;
                }
            }));
        }
        joinAll(threads, "interrupted while waiting for " + items.size() + " " + threadName + " action(s)");
        RuntimeException first = null;
        for (RuntimeException e : errors) {
            if (e != null && first == null) {
                first = e;
            } else if (e != null) {
                first.addSuppressed(e);
            }
        }
        @SuppressWarnings("unchecked")
        List<R> done = (List<R>) Arrays.asList(results);
        if (first != null) {
            done.stream().filter(Objects::nonNull).forEach(undo);
            throw first;
        }
        return List.copyOf(done);
    }

    /** Waits for every thread; an interrupt interrupts them all, waits for their end, and raises {@code what}. */
    static void joinAll(List<Thread> threads, String what) {
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException again) {
                        // keep waiting: each action ends once its remote work has been cancelled
                    }
                }
            }
            Thread.currentThread().interrupt();
            throw new TractorException(what + "; they were cancelled", e);
        }
    }
}
