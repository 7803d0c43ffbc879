package dev.tractor.runtime;

import dev.tractor.ActorNursery;
import dev.tractor.CancelScope;
import dev.tractor.ActorOptions;
import dev.tractor.Portal;
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
 * child fails, and on close waits for results, cancels the remaining daemons and waits for every exit.
 */
final class Nursery implements ActorNursery {

    private static final Logger log = LoggerFactory.getLogger(Nursery.class);

    /** Beyond twice the grace period, what a cancelled child may take to be killed and have its exit handled. */
    private static final Duration CHILD_EXIT_MARGIN = Duration.ofSeconds(10);

    private final Actor actor;
    private final List<ChildActor> children = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile boolean cancelling;
    private volatile boolean closed;

    /** The cancel scope this nursery was opened in, which cancels its children when cancelled; null if none. */
    private final AutoCloseable scope;

    Nursery(Actor actor) {
        this.actor = actor;
        this.scope = CancelScope.current().map(s -> s.whenCancelled(this::cancel)).orElse(null);
    }

    @Override
    public Portal startActor(String name) {
        return startActor(name, ActorOptions.DEFAULTS);
    }

    @Override
    public Portal startActor(String name, ActorOptions options) {
        return start(name, options).portal();
    }

    @Override
    public Portal runInActor(String name, String ns, String fn, Map<String, ?> kwargs) {
        return runInActor(name, ns, fn, kwargs, ActorOptions.DEFAULTS);
    }

    @Override
    public Portal runInActor(String name, String ns, String fn, Map<String, ?> kwargs, ActorOptions options) {
        ChildActor child = start(name, options);
        child.startTask(ns, fn, kwargs);
        return child.portal();
    }

    private ChildActor start(String name, ActorOptions options) {
        if (closed) {
            throw new TractorException("this nursery is closed: cannot start actor '" + name + "'");
        }
        if (cancelling) {
            throw refused("is cancelled: cannot start actor '" + name + "'");
        }
        ChildActor child = actor.spawnChild(name, options, this);
        children.add(child);
        // checked after adding: a cancel that began before the add did not see this child
        if (cancelling) {
            child.cancel();
            children.remove(child);
            throw refused("was cancelled while actor '" + name + "' was starting");
        }
        Duration timeout = options.spawnTimeout() != null ? options.spawnTimeout() : actor.config().spawnTimeout();
        try {
            child.awaitStarted(timeout);
        } catch (RuntimeException e) {
            child.kill();
            children.remove(child);
            throw cancelling ? refused("was cancelled while actor '" + name + "' was starting") : e;
        }
        if (cancelling) {
            child.cancel();
            throw refused("was cancelled while actor '" + name + "' was starting");
        }
        return child;
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

    /** A child failed: remember the error and cancel every other child (one-cancels-all). */
    void childFailed(ChildActor child, Throwable error) {
        errors.add(error);
        log.debug("actor {} failed, cancelling its siblings: {}", child.uid(), error.toString());
        if (!cancelling) {
            cancelling = true;
            Thread.ofVirtual().name("tractor-one-cancels-all").start(this::cancelChildren);
        }
    }

    void childExited(ChildActor child) {
        if (!child.hasTask()) {
            children.remove(child);
        }
    }

    @Override
    public void cancel() {
        cancelling = true;
        cancelChildren();
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
            for (ChildActor c : children) {
                if (c.hasTask()) {
                    c.awaitOutcome();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(new TractorException("interrupted while waiting for the nursery's children; they were cancelled",
                    e));
        } finally {
            cancelling = true;
            cancelChildren();
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
