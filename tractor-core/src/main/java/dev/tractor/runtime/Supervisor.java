package dev.tractor.runtime;

import dev.tractor.ActorStatus;
import dev.tractor.RestartPolicy;
import dev.tractor.RestartStrategy;
import dev.tractor.Supervision;
import dev.tractor.SupervisorGaveUp;
import dev.tractor.TractorException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restarting half of a supervising nursery: decides from a child's {@link RestartPolicy} whether an end restarts
 * it, which siblings the {@link RestartStrategy} restarts with it, keeps the restart limit and the backoff, and gives
 * up — cancelling everything through its nursery — when the limit is exceeded or a new incarnation does not come up.
 * Restarts run one at a time on a virtual thread of their own, never on the thread that reported the end.
 */
final class Supervisor {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final Nursery nursery;
    private final Actor actor;
    private final Supervision spec;
    private final List<ChildSlot> slots = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Deque<Long> recent = new ArrayDeque<>();
    private final ReentrantLock restarting = new ReentrantLock();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile SupervisorGaveUp gaveUp;
    private volatile int restarts;

    Supervisor(Nursery nursery, Actor actor, Supervision spec) {
        this.nursery = nursery;
        this.actor = actor;
        this.spec = spec;
    }

    Supervision spec() {
        return spec;
    }

    void add(ChildSlot slot) {
        slots.add(slot);
    }

    void remove(ChildSlot slot) {
        slots.remove(slot);
    }

    List<ChildSlot> slots() {
        return List.copyOf(slots);
    }

    /** The slot whose current incarnation, or the one starting to replace it, is {@code child}; null if none. */
    ChildSlot slotOf(ChildActor child) {
        for (ChildSlot s : slots) {
            if (s.current() == child || s.starting() == child) {
                return s;
            }
        }
        return null;
    }

    ChildSlot slotNamed(String name) {
        ChildSlot found = null;
        for (ChildSlot s : slots) {
            if (s.name().equals(name) && (found == null || !s.settled())) {
                found = s;
            }
        }
        return found;
    }

    /**
     * The current incarnation of a child ended by itself: {@code error} is null when it ended normally (its task
     * returned {@code value}, or its process exited with code 0). Restarts it if its policy says so; otherwise its
     * outcome is final.
     */
    void ended(ChildActor child, Throwable error, Object value) {
        ChildSlot slot = slotOf(child);
        if (slot == null) {
            return;     // an incarnation already replaced
        }
        boolean abnormal = error != null;
        if (stopped || !slot.restartsAfter(abnormal)) {
            if (abnormal) {
                nursery.keep(error);
                slot.failed(error);
            } else {
                slot.succeeded(value);
            }
            return;
        }
        slot.replacing(true);
        Thread worker = Thread.ofVirtual().name("tractor-supervisor-" + slot.name()).unstarted(() -> {
            try {
                restart(slot, child, error);
            } finally {
                workers.remove(Thread.currentThread());
            }
        });
        workers.add(worker);
        worker.start();
    }

    /** The current incarnation was cancelled from outside the supervisor: it ends for good. */
    void cancelled(ChildActor child) {
        ChildSlot slot = slotOf(child);
        if (slot != null && !slot.replacing() && !slot.settled()) {
            child.outcome().whenComplete((value, error) -> {
                if (error == null) {
                    slot.succeeded(value);
                } else {
                    slot.failed(error);
                }
            });
            if (slot.task() == null) {
                slot.succeeded(null);
            }
        }
    }

    private void restart(ChildSlot slot, ChildActor child, Throwable cause) {
        restarting.lock();
        try {
            if (stopped || slot.current() != child) {
                return;
            }
            Throwable failure = cause != null ? cause : new TractorException("actor '" + slot.name() + "' ("
                    + child.uid() + ") ended by itself; it is permanent");
            failures.add(failure);
            if (!withinLimit()) {
                giveUp("more than " + spec.maxRestarts() + " restart(s) within " + spec.within().toMillis() + " ms");
                return;
            }
            List<ChildSlot> affected = affected(slot);
            for (int i = affected.size() - 1; i >= 0; i--) {
                ChildSlot s = affected.get(i);
                s.replacing(true);
                s.current().cancel();
            }
            Duration delay = spec.backoff(recent.size(), ThreadLocalRandom.current().nextDouble());
            Thread.sleep(delay);
            String siblingCause = "restarted with '" + slot.name() + "' (" + spec.strategy().name().toLowerCase()
                    .replace('_', '-') + "): " + ChildSlot.describe(failure);
            for (ChildSlot s : affected) {
                if (s != slot && s.policy() == RestartPolicy.TEMPORARY) {
                    s.failed(new TractorException("actor '" + s.name() + "' was cancelled by its supervisor "
                            + siblingCause + "; it is temporary and not restarted"));
                    continue;
                }
                if (s.restartsStopped()) {   // cancelled by name while it was being restarted
                    s.failed(new TractorException("actor '" + s.name() + "' was cancelled by name while its"
                            + " supervisor restarted it; it is not restarted"));
                    continue;
                }
                if (!startAgain(s, s == slot ? failure : new TractorException(siblingCause))) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            log.debug("restart of '{}' stopped: its nursery is closing", slot.name());
        } finally {
            restarting.unlock();
        }
    }

    /** Records one restart now unless that exceeds the limit. */
    private boolean withinLimit() {
        long now = System.nanoTime();
        while (!recent.isEmpty() && now - recent.peekFirst() > spec.within().toNanos()) {
            recent.removeFirst();
        }
        if (recent.size() >= spec.maxRestarts()) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    private List<ChildSlot> affected(ChildSlot failed) {
        List<ChildSlot> live = new ArrayList<>();
        for (ChildSlot s : slots) {
            if (!s.settled()) {
                live.add(s);
            }
        }
        return switch (spec.strategy()) {
            case ONE_FOR_ALL -> live;
            case REST_FOR_ONE -> live.subList(Math.max(0, live.indexOf(failed)), live.size());
            default -> List.of(failed);
        };
    }

    /** Starts a new incarnation of {@code slot}; false (having given up) if it does not come up. */
    private boolean startAgain(ChildSlot slot, Throwable cause) {
        ChildActor previous = slot.current();
        ChildActor next = null;
        try {
            next = nursery.spawnIncarnation(slot);
            slot.starting(next);
            nursery.awaitIncarnation(slot, next);
        } catch (RuntimeException e) {
            slot.starting(null);
            if (stopped) {
                return false;
            }
            failures.add(e);
            giveUp("the new incarnation of '" + slot.name() + "' did not come up");
            return false;
        }
        if (stopped) {
            next.cancel();
            return false;
        }
        slot.replaced(next, cause);
        if (slot.restartsStopped()) {   // cancelled by name while this incarnation was starting
            next.cancel();
            return true;
        }
        restarts++;
        log.info("actor '{}' restarted as {} after: {}", slot.name(), next.uid(), ChildSlot.describe(cause));
        actor.events().actorRestarted(slot.name(), previous.uid(), next.uid(), cause, slot.restarts());
        if (slot.task() != null) {
            next.startTask(slot.task().ns(), slot.task().fn(), slot.task().kwargs());
        }
        return true;
    }

    private void giveUp(String why) {
        StringBuilder text = new StringBuilder("the supervisor of ").append(actor.uid()).append(" (")
                .append(strategyName()).append(", at most ").append(spec.maxRestarts()).append(" restart(s) within ")
                .append(spec.within().toMillis()).append(" ms) gave up: ").append(why).append("; failures:");
        int i = 1;
        for (Throwable f : failures) {
            text.append("\n  ").append(i++).append(". ").append(ChildSlot.describe(f));
        }
        SupervisorGaveUp error = new SupervisorGaveUp(text.toString(), failures);
        gaveUp = error;
        stopped = true;
        log.warn("{}", text);
        actor.events().supervisorGaveUp(actor.uid(), error);
        for (ChildSlot s : slots) {
            s.failed(error);
        }
        nursery.gaveUp(error);
    }

    /** The nursery has closed: what was not settled ends now, and nothing waits for a restart any more. */
    void closed() {
        for (ChildSlot s : slots) {
            if (!s.settled()) {
                s.succeeded(null);
            }
        }
    }

    /** Stops restarting (the nursery is closing or cancelled) and waits for a restart in progress to stop. */
    void stop() {
        stopped = true;
        for (Thread t : workers) {
            if (t != Thread.currentThread()) {
                t.interrupt();
            }
        }
        Deadline deadline = Deadline.after(actor.config().spawnTimeout().plus(actor.config().cancelGracePeriod()));
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t != Thread.currentThread() && t.isAlive() && deadline.remainingMillis() > 0) {
                try {
                    t.join(deadline.remainingMillis());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    SupervisorGaveUp gaveUpWith() {
        return gaveUp;
    }

    String strategyName() {
        return spec.strategy().name().toLowerCase().replace('_', '-');
    }

    ActorStatus.Supervisor status() {
        List<String> causes = new ArrayList<>();
        if (gaveUp != null) {
            failures.forEach(f -> causes.add(ChildSlot.describe(f)));
        }
        return new ActorStatus.Supervisor(strategyName(), spec.maxRestarts(), spec.within(), restarts, gaveUp != null,
                causes);
    }
}
