package dev.tractor.runtime;

import dev.tractor.ActorDied;
import dev.tractor.ActorNursery;
import dev.tractor.ActorOptions;
import dev.tractor.ActorStatus;
import dev.tractor.CancelScope;
import dev.tractor.Portal;
import dev.tractor.Supervision;
import dev.tractor.SupervisorGaveUp;
import dev.tractor.TractorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ActorNursery} implementation: owns its child processes, applies one-cancels-all when a
 * child fails (or, supervising, hands the failure to its {@link Supervisor}), and on close waits for results,
 * cancels the remaining daemons and waits for every exit.
 */
final class Nursery implements ActorNursery {

    private static final Logger log = LoggerFactory.getLogger(Nursery.class);

    /** Beyond twice the grace period, what a cancelled child may take to be killed and have its exit handled. */
    private static final Duration CHILD_EXIT_MARGIN = Duration.ofSeconds(10);

    private final Actor actor;
    private final Supervision supervision;
    /** Restarts children; null under one-cancels-all. */
    private final Supervisor supervisor;
    private final List<ChildActor> children = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile boolean cancelling;
    private volatile boolean closed;

    /** The cancel scope this nursery was opened in, which cancels its children when cancelled; null if none. */
    private final AutoCloseable scope;

    /**
     * A nursery of {@code actor}; one {@code inScope} is cancelled with the cancel scope it is opened in, one that is
     * not (a service's) is owned by the actor alone.
     */
    Nursery(Actor actor, Supervision supervision, boolean inScope) {
        this.actor = actor;
        this.supervision = supervision;
        this.supervisor = supervision.restarts() ? new Supervisor(this, actor, supervision) : null;
        this.scope = inScope ? CancelScope.current().map(s -> s.whenCancelled(this::cancel)).orElse(null) : null;
    }

    @Override
    public Portal startActor(String name) {
        return startActor(name, ActorOptions.DEFAULTS);
    }

    @Override
    public Portal startActor(String name, ActorOptions options) {
        return start(name, options, null).portal();
    }

    @Override
    public Portal runInActor(String name, String ns, String fn, Map<String, ?> kwargs) {
        return runInActor(name, ns, fn, kwargs, ActorOptions.DEFAULTS);
    }

    @Override
    public Portal runInActor(String name, String ns, String fn, Map<String, ?> kwargs, ActorOptions options) {
        ChildActor child = start(name, options, new ChildSlot.Task(ns, fn, kwargs));
        child.startTask(ns, fn, kwargs);
        return child.portal();
    }

    private ChildActor start(String name, ActorOptions options, ChildSlot.Task task) {
        if (closed) {
            throw new TractorException("this nursery is closed: cannot start actor '" + name + "'");
        }
        if (cancelling) {
            throw refused("is cancelled: cannot start actor '" + name + "'");
        }
        ChildActor child = spawn(name, options);
        // checked after adding: a cancel that began before the add did not see this child
        if (cancelling) {
            child.cancel();
            children.remove(child);
            throw refused("was cancelled while actor '" + name + "' was starting");
        }
        ChildSlot slot = supervisor == null ? null : new ChildSlot(name, options, task, child);
        if (slot != null) {
            supervisor.add(slot);   // before it serves: an end right after its start must find its slot
        }
        try {
            awaitStarted(child, options);
        } catch (RuntimeException e) {
            if (slot != null) {
                supervisor.remove(slot);
            }
            throw cancelling ? refused("was cancelled while actor '" + name + "' was starting") : e;
        }
        if (cancelling) {
            child.cancel();
            throw refused("was cancelled while actor '" + name + "' was starting");
        }
        return child;
    }

    private ChildActor spawn(String name, ActorOptions options) {
        ChildActor child = actor.spawnChild(name, options, this);
        children.add(child);
        return child;
    }

    private void awaitStarted(ChildActor child, ActorOptions options) {
        Duration timeout = options.spawnTimeout() != null ? options.spawnTimeout() : actor.config().spawnTimeout();
        try {
            child.awaitStarted(timeout);
        } catch (RuntimeException e) {
            child.kill();
            children.remove(child);
            throw e;
        }
    }

    /** Spawns a new incarnation of a supervised child; it is owned (and cancelled) like any child from now on. */
    ChildActor spawnIncarnation(ChildSlot slot) {
        if (cancelling) {
            throw refused("is cancelled: cannot restart actor '" + slot.name() + "'");
        }
        return spawn(slot.name(), slot.options());
    }

    /** Waits for a new incarnation to come up; kills it and raises if it does not. */
    void awaitIncarnation(ChildSlot slot, ChildActor child) {
        awaitStarted(child, slot.options());
    }

    /** The error for a start this nursery refuses; its cause is the child error that cancelled the nursery, if any. */
    private TractorException refused(String what) {
        Throwable why = errors.isEmpty() ? null : errors.getFirst();
        String text = "this nursery " + what
                + (why == null ? "" : ", because another child failed: " + why.getMessage());
        return why == null ? new TractorException(text) : new TractorException(text, why);
    }

    @Override
    public List<Portal> children() {
        List<Portal> portals = new ArrayList<>();
        for (ChildActor c : children) {
            if (c.portal() != null && c.isAlive()) {
                portals.add(c.portal());
            }
        }
        return portals;
    }

    List<ChildActor> childActors() {
        return List.copyOf(children);
    }

    /**
     * A child failed: a supervisor decides what follows; otherwise remember the error and cancel every other child
     * (one-cancels-all).
     */
    void childFailed(ChildActor child, Throwable error) {
        if (supervisor != null) {
            boolean exitedCleanly = !child.hasTask() && error instanceof ActorDied died
                    && died.exitCode().orElse(-1) == 0;
            supervisor.ended(child, exitedCleanly ? null : error, null);
            return;
        }
        errors.add(error);
        log.debug("actor {} failed, cancelling its siblings: {}", child.uid(), error.toString());
        if (!cancelling) {
            cancelling = true;
            Thread.ofVirtual().name("tractor-one-cancels-all").start(this::cancelChildren);
        }
    }

    /** A {@code runInActor} child's task returned {@code value}; a supervisor may restart a permanent child. */
    void taskSucceeded(ChildActor child, Object value) {
        if (supervisor != null) {
            supervisor.ended(child, null, value);
        }
    }

    /** A supervised child's failure that is not restarted: {@code close()} raises it. */
    void keep(Throwable error) {
        errors.add(error);
    }

    /** The supervisor gave up: its error comes first, and every child is cancelled. */
    void gaveUp(SupervisorGaveUp error) {
        errors.addFirst(error);
        cancelling = true;
        cancelChildren();
    }

    void childExited(ChildActor child) {
        if (!child.hasTask()) {
            children.remove(child);
        }
        if (supervisor != null && child.cancelRequested()) {
            supervisor.cancelled(child);
        }
    }

    @Override
    public void cancel() {
        cancelling = true;
        if (supervisor != null) {
            supervisor.stop();
        }
        cancelChildren();
    }

    /** The error the supervisor gave up with, or null. */
    SupervisorGaveUp gaveUpWith() {
        return supervisor == null ? null : supervisor.gaveUpWith();
    }

    @Override
    public Supervision supervision() {
        return supervision;
    }

    @Override
    public Portal byName(String name) {
        if (supervisor != null) {
            ChildSlot slot = supervisor.slotNamed(name);
            if (slot != null) {
                return new NamedPortal(actor, slot, restartWait());
            }
        } else {
            for (ChildActor c : children) {
                if (c.uid().name().equals(name) && c.portal() != null && c.isAlive()) {
                    return c.portal();
                }
            }
        }
        throw new TractorException("this nursery of " + actor.uid() + " has no child named '" + name + "'");
    }

    /** How long a call by name waits for a child being restarted: the longest backoff, a spawn and a cancel. */
    private Duration restartWait() {
        return supervision.maxBackoff().plus(actor.config().spawnTimeout())
                .plus(actor.config().cancelGracePeriod().multipliedBy(2)).plus(CHILD_EXIT_MARGIN);
    }

    /** How this nursery supervises {@code child}: strategy, policy and restarts, for the status snapshot. */
    ActorStatus.Child describe(ChildActor child) {
        ChildSlot slot = supervisor == null ? null : supervisor.slotOf(child);
        String strategy = supervisor == null ? "one-cancels-all" : supervisor.strategyName();
        return new ActorStatus.Child(child.uid().name(), child.uid().uuid(), child.pid(), child.isAlive(),
                child.isStarted(), strategy, slot == null ? null : slot.policy().name().toLowerCase(),
                slot == null ? 0 : slot.restarts(), slot == null ? List.of() : slot.history(), child.placement());
    }

    /** This nursery as a supervisor, or null if it does not restart. */
    ActorStatus.Supervisor supervisorStatus() {
        return supervisor == null ? null : supervisor.status();
    }

    private void cancelChildren() {
        Duration grace = actor.config().cancelGracePeriod();
        // each child's cancel is bounded (ask, wait the grace period, kill, see the exit handled); this bounds the sum
        List<Thread> late = Teardown.inParallel(children, ChildActor::cancel, "tractor-cancel-child")
                .joinUninterruptibly(Deadline.after(grace.multipliedBy(2).plus(CHILD_EXIT_MARGIN)));
        if (!late.isEmpty()) {
            log.warn("{} child actor(s) of a nursery of {} were still being cancelled after {} ms", late.size(),
                    actor.uid(), grace.multipliedBy(2).plus(CHILD_EXIT_MARGIN).toMillis());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (supervisor != null) {
                for (ChildSlot slot : supervisor.slots()) {
                    if (slot.task() != null) {
                        slot.awaitOutcome();
                    }
                }
            } else {
                for (ChildActor c : children) {
                    if (c.hasTask()) {
                        c.awaitOutcome();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(new TractorException("interrupted while waiting for the nursery's children; they were cancelled",
                    e));
        } finally {
            cancelling = true;
            if (supervisor != null) {
                supervisor.stop();
            }
            cancelChildren();
            if (supervisor != null) {
                supervisor.closed();
            }
            closed = true;
            actor.nurseryClosed(this);
            if (scope != null) {
                try {
                    scope.close();
                } catch (Exception e) {
                    log.debug("could not leave the cancel scope", e);
                }
            }
        }
        throwErrors();
    }

    private void throwErrors() {
        if (errors.isEmpty()) {
            return;
        }
        Throwable first = errors.getFirst();
        RuntimeException raised = first instanceof RuntimeException re ? re
                : new TractorException("a child actor failed: " + first, first);
        for (Throwable t : errors.subList(1, errors.size())) {
            if (t != raised) {
                raised.addSuppressed(t);
            }
        }
        throw raised;
    }
}
