package dev.tractor.runtime;

import dev.tractor.ActorFunction;
import java.util.List;
import java.util.Map;

/** The built-in namespace {@code self} every actor answers: cancel, cancelTask, ping, status. */
final class SelfFunctions {

    private final Actor actor;

    SelfFunctions(Actor actor) {
        this.actor = actor;
    }

    /** Cancels the whole actor once this call's answer has been written. */
    @ActorFunction
    public boolean cancel() {
        RpcTask task = RpcTask.current();
        actor.cancelRequested(task.caller());
        task.afterReply(() -> actor.cancelFromRemote(task.caller()));
        return true;
    }

    /** Interrupts the task of call {@code cid} on the caller's connection; harmless when it has finished. */
    @ActorFunction
    public boolean cancelTask(String cid) {
        RpcTask self = RpcTask.current();
        RpcTask target = self.peer().task(cid);
        if (target != null) {
            target.cancel(self.caller());
        }
        return true;
    }

    /** A child this actor is spawning is connected and registered: its start is complete. */
    @ActorFunction
    public boolean childReady() {
        actor.childReady(RpcTask.current().peer());
        return true;
    }

    @ActorFunction
    public List<String> ping() {
        return List.of(actor.uid().name(), actor.uid().uuid());
    }

    @ActorFunction
    public Map<String, Object> status() {
        return actor.status().toWire();
    }
}
