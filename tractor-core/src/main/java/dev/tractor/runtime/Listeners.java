package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.SupervisorGaveUp;
import dev.tractor.observe.RuntimeListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered {@link RuntimeListener}s of an actor, told as one; a listener that throws is logged and skipped. */
final class Listeners implements RuntimeListener {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<RuntimeListener> all = new CopyOnWriteArrayList<>();

    void add(RuntimeListener listener) {
        all.add(listener);
    }

    void remove(RuntimeListener listener) {
        all.remove(listener);
    }

    private void each(Consumer<RuntimeListener> event) {
        for (RuntimeListener l : all) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("runtime listener {} failed: {}", l, e.toString());
            }
        }
    }

    @Override
    public void actorSpawned(ActorUid child, long pid, Duration took) {
        each(l -> l.actorSpawned(child, pid, took));
    }

    @Override
    public void spawnFailed(String name, Duration took, Throwable error) {
        each(l -> l.spawnFailed(name, took, error));
    }

    @Override
    public void actorExited(ActorUid child, Integer exitCode, boolean cancelled) {
        each(l -> l.actorExited(child, exitCode, cancelled));
    }

    @Override
    public void callCompleted(String ns, String fn, String outcome, Duration took) {
        if (!all.isEmpty()) {
            each(l -> l.callCompleted(ns, fn, outcome, took));
        }
    }

    @Override
    public void streamItem(String direction) {
        if (!all.isEmpty()) {
            each(l -> l.streamItem(direction));
        }
    }

    @Override
    public void actorRestarted(String name, ActorUid previous, ActorUid next, Throwable cause, int restarts) {
        each(l -> l.actorRestarted(name, previous, next, cause, restarts));
    }

    @Override
    public void supervisorGaveUp(ActorUid owner, SupervisorGaveUp error) {
        each(l -> l.supervisorGaveUp(owner, error));
    }
}
