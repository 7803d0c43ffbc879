package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.CancelScope;
import dev.tractor.RuntimeCensus;
import dev.tractor.DeadlineExceeded;
import dev.tractor.wire.Cmd;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Functype;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callee's side of one call: a virtual thread that looks the function up, binds its arguments,
 * answers {@code functype}, runs it and answers {@code return} or {@code error}. Cancelling interrupts
 * the thread; a cancelled task always answers an error of type {@code dev.tractor.ContextCancelled}.
 */
final class RpcTask {

    private static final Logger log = LoggerFactory.getLogger(RpcTask.class);
    private static final ThreadLocal<RpcTask> CURRENT = new ThreadLocal<>();

    private final Actor actor;
    private final Peer peer;
    private final Cmd cmd;
    private final Instant startedAt = Instant.now();
    private final List<Runnable> afterReply = new CopyOnWriteArrayList<>();
    private final TaskStreams streams;
    private volatile Thread thread;
    private volatile boolean cancelled;
    /** Set when the runtime ends the task for a violation of its peer's; the task's error answer. */
    private volatile RuntimeException failure;
    /** The scope of the caller's deadline while the task runs under one; null otherwise. */
    private volatile CancelScope deadline;
    private volatile ActorUid cancelledBy;
    /** The functype of a plain function, until it is sent (guarded by this task's monitor). */
    private Functype unsentKind;
    private boolean kindSent;
    private boolean finished;

    RpcTask(Actor actor, Peer peer, Cmd cmd) {
        this.actor = actor;
        this.peer = peer;
        this.cmd = cmd;
        this.streams = new TaskStreams(this);
    }

    /** The task running on the current thread, or null outside actor tasks. */
    static RpcTask current() {
        return CURRENT.get();
    }

    String cid() {
        return cmd.cid();
    }

    String function() {
        return cmd.ns() + "." + cmd.fn();
    }

    ActorUid caller() {
        return peer.uid();
    }

    Peer peer() {
        return peer;
    }

    Actor actor() {
        return actor;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Whether the task was cancelled, by a request or by its caller's deadline passing. */
    boolean isCancelled() {
        CancelScope scope = deadline;
        return cancelled || (scope != null && scope.cancelCalled());
    }

    TaskStreams streams() {
        return streams;
    }

    /** Runs {@code hook} once the task's final answer has been written. */
    void afterReply(Runnable hook) {
        afterReply.add(hook);
    }

    void start() {
        Thread t = Thread.ofVirtual().name("tractor-task-" + function()).unstarted(this::run);
        thread = t;
        RuntimeCensus.opened(RuntimeCensus.Kind.TASKS);
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            RuntimeCensus.closed(RuntimeCensus.Kind.TASKS);
            throw e;
        }
    }

    /** Interrupts the task; {@code by} is the actor that asked, null when this actor is shutting down. */
    void cancel(ActorUid by) {
        cancelledBy = by;
        cancelled = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Ends the task with {@code why} as its error answer (its peer broke the protocol on this call). */
    void fail(RuntimeException why) {
        failure = why;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits at most {@code millis} for the task's thread to end; true if it has (or never started). */
    boolean join(long millis) throws InterruptedException {
        Thread t = thread;
        return t == null || t.join(java.time.Duration.ofMillis(millis));
    }

    void deliver(Msg msg) {
        streams.deliver(msg);
    }

    private void run() {
        CURRENT.set(this);
        Msg reply;
        // the caller's deadline, if it sent one: this task and every call it makes run under what is left of it
        CancelScope deadline = cmd.deadlineMillis() > 0 ? CancelScope.open(Duration.ofMillis(cmd.deadlineMillis()))
                : null;
        this.deadline = deadline;
        boolean listing = false;
        try {
            if (RegistrarFunctions.isListing(cmd.ns(), cmd.fn())) {
                peer.awaitListingTurn();
                listing = true;
            }
            peer.awaitWritable(); // no answer is produced for a peer that is not reading the ones it has
            FunctionSpec spec = actor.functions().lookup(cmd.ns(), cmd.fn());
            Object[] args = Arguments.bind(spec, cmd.kwargs(), spec.takesContext() ? streams.context() : null);
            sendKind(new Functype(cid(), spec.kind()));
            Object value = switch (spec.kind()) {
                case ASYNCFUNC -> invoke(spec, args);
                case ASYNCGEN -> streams.produce(invoke(spec, args));
                case CONTEXT -> streams.finishContext(invoke(spec, args));
            };
            reply = failure != null ? new ErrorMsg(cid(), ErrorBoxes.box(failure, actor.uid()))
                    : cancelled ? cancelledReply() : new Return(cid(), value);
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
            // a real error raised before (or while) the cancel arrived is reported as itself, never masked
            if (failure != null) {
                reply = new ErrorMsg(cid(), ErrorBoxes.box(failure, actor.uid()));
            } else if (cancelled && Cancellations.causedBy(cause)) {
                reply = cancelledReply();
            } else if (deadline != null && deadline.deadlinePassed() && Cancellations.causedBy(cause)) {
                reply = new ErrorMsg(cid(), ErrorBoxes.box(new DeadlineExceeded("task " + function() + " in actor "
                        + actor.uid() + " ran past the deadline of " + cmd.deadlineMillis() + " ms its caller "
                        + peer.uid() + " set", Duration.ofMillis(cmd.deadlineMillis()), cause), actor.uid()));
            } else {
                log.debug("{}: task {} (cid {}) failed", actor.uid(), function(), cid(), cause);
                reply = new ErrorMsg(cid(), ErrorBoxes.box(cause, actor.uid()));
            }
        } finally {
            peer.forget(this);
            streams.closeAll();
            if (deadline != null) {
                deadline.close();
            }
        }
        Thread.interrupted();
        boolean handedOver = false;
        try {
            if (listing) {
                // the next listing is produced once this one is in the socket, not while it waits in this JVM
                afterReply(peer::listingSent);
            }
            sendReply(reply);
            handedOver = true;
        } finally {
            if (listing && !handedOver) {
                peer.listingSent();
            }
            RuntimeCensus.closed(RuntimeCensus.Kind.TASKS);
        }
    }

    /**
     * Sends the functype now, except for a plain function: its functype goes with its reply if it finishes
     * within {@link KindAnnouncer#DELAY_MICROS}, else when the connection's {@link KindAnnouncer} asks.
     */
    private synchronized void sendKind(Functype kind) {
        if (kind.kind() == Functype.Kind.ASYNCFUNC) {
            unsentKind = kind;
        } else {
            kindSent = true;
            peer.send(kind);
        }
    }

    /** Whether nothing is left to announce: the functype has gone out or the task has ended. */
    synchronized boolean kindSettled() {
        return kindSent || finished;
    }

    /** On the event loop: sends a waiting functype; true once nothing is left to announce. */
    synchronized boolean announceKind() {
        if (unsentKind != null && !kindSent) {
            kindSent = true;
            peer.send(unsentKind);
        }
        return kindSent || finished;
    }

    private void sendReply(Msg reply) {
        synchronized (this) {
            finished = true;
            Functype kind = kindSent ? null : unsentKind;
            kindSent = true;
            if (kind != null && afterReply.isEmpty()) {
                peer.send(kind, reply);
                return;
            }
            if (kind != null) {
                peer.send(kind);
            }
        }
        if (afterReply.isEmpty()) {
            peer.send(reply);
        } else {
            peer.send(reply, () -> afterReply.forEach(Runnable::run));
        }
    }

    private ErrorMsg cancelledReply() {
        return new ErrorMsg(cid(), ErrorBoxes.cancelled(function(), cid(), actor.uid(), cancelledBy));
    }

    private static Object invoke(FunctionSpec spec, Object[] args) throws Throwable {
        try {
            return spec.method().invoke(spec.target(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause() != null ? e.getCause() : e;
        }
    }
}
