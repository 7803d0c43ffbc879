package dev.tractor.runtime;

import dev.tractor.ActorDied;
import dev.tractor.ActorUid;
import dev.tractor.ProtocolError;
import dev.tractor.TractorException;
import dev.tractor.spawn.ChildProcess;
import dev.tractor.transport.Complaints;
import dev.tractor.transport.Connection;
import dev.tractor.transport.ConnectionHandler;
import dev.tractor.transport.LogText;
import dev.tractor.transport.MessageWriter;
import dev.tractor.wire.CallIds;
import dev.tractor.wire.Cmd;
import dev.tractor.wire.ErrorBox;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Hello;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import dev.tractor.wire.Started;
import dev.tractor.wire.Undecodable;
import dev.tractor.wire.Yield;
import dev.tractor.wire.Unknown;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated connection to another actor. Routes incoming messages: {@code cmd}s start tasks,
 * everything with a {@code cid} goes to the call or task that owns it. When the connection closes,
 * every waiting call fails with {@link ActorDied} and every task it started is cancelled.
 */
public final class Peer implements ConnectionHandler {

    private static final Logger log = LoggerFactory.getLogger(Peer.class);
    /** The settings that size the window a receiver grants, named in the errors for items beyond it. */
    static final String WINDOW_SETTING = "set by the receiver's TractorConfig.Builder.streamWindow, tractor.stream.window"
            + " in Spring";

    private final Actor actor;
    private final Connection connection;
    private final ActorUid uid;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, RpcTask> tasks = new ConcurrentHashMap<>();
    private final MessageWriter out;
    private final KindAnnouncer announcer;
    private volatile ChildProcess process;
    /** Inboxes that received messages during the current read; used by the event loop only. */
    private final ArrayDeque<Inbox> inboxesToWake = new ArrayDeque<>();
    /** Rate-limits the log lines this peer causes. */
    private final Complaints complaints = new Complaints(5, java.time.Duration.ofSeconds(10));
    /**
     * The most messages producers may have queued for the event loop to write before they wait: the channel's
     * writability counts only what the event loop has written, so without this many producers racing a busy event
     * loop could queue without bound.
     */
    static final int MAX_QUEUED_MESSAGES = 1024;

    /** One registry listing at a time for this peer ({@link RegistrarFunctions#LISTINGS}). */
    private final java.util.concurrent.Semaphore listings = new java.util.concurrent.Semaphore(1);
    private final ReentrantLock writableLock = new ReentrantLock();
    private final Condition writable = writableLock.newCondition();
    /** Producers waiting in {@link #awaitWritable}; changed under {@code writableLock}. */
    private volatile int waitingProducers;
    /** Stream items this peer sent beyond its credit; used by the event loop only. */
    private long overrunItems;
    /** The calls this peer overran lately: items it keeps sending on them still count; event loop only. */
    private final java.util.SequencedSet<String> overrunCalls = new java.util.LinkedHashSet<>();
    /** Set when this actor hangs up on the peer for abuse: nothing more it sent is acted on; event loop only. */
    private boolean hangingUp;
    /** Whether the event loop is delivering the messages of a read; used by the event loop only. */
    private boolean reading;

    Peer(Actor actor, Connection connection, ActorUid uid) {
        this.actor = actor;
        this.connection = connection;
        this.uid = uid;
        this.out = connection.writer(actor.config().maxFrameBytes(), this::unsendable);
        this.out.onDrained(this::drained);
        this.announcer = new KindAnnouncer(connection.scheduler());
    }

    /** The peer's identity. */
    public ActorUid uid() {
        return uid;
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    Connection connection() {
        return connection;
    }

    /** The peer is a child running in {@code process}: its exit code and last output go into {@link ActorDied}. */
    void childProcess(ChildProcess process) {
        this.process = process;
    }

    /**
     * Blocks (interruptibly) while more than the outbound buffer limit waits to be written to this peer, or more
     * than {@link #MAX_QUEUED_MESSAGES} wait for the event loop to write them, so that a peer that does not read
     * holds back only the work it asked for. Returns at once on the event loop and once the connection is closed.
     */
    void awaitWritable() throws InterruptedException {
        if (roomToWrite() || !connection.isOpen() || connection.inEventLoop()) {
            return;
        }
        writableLock.lockInterruptibly();
        waitingProducers++;
        try {
            while (!roomToWrite() && connection.isOpen()) {
                writable.await();
            }
        } finally {
            waitingProducers--;
            writableLock.unlock();
        }
    }

    /**
     * Waits (interruptibly) until no other registry listing of this peer is being produced or waits in this JVM to
     * be written to the socket: a listing can be megabytes, and a peer that pipelines many without reading them
     * would otherwise have them all built at once. Released by {@link #listingSent}.
     */
    void awaitListingTurn() throws InterruptedException {
        listings.acquire();
    }

    /** The listing this peer's task produced has been written to the socket, or was dropped, or failed. */
    void listingSent() {
        listings.release();
    }

    private boolean roomToWrite() {
        return connection.isWritable() && out.queued() <= MAX_QUEUED_MESSAGES;
    }

    /** On the event loop, after the writer took queued messages: wakes producers waiting for the queue to shrink. */
    private void drained() {
        if (waitingProducers > 0 && out.queued() <= MAX_QUEUED_MESSAGES) {
            writableLock.lock();
            try {
                writable.signalAll();
            } finally {
                writableLock.unlock();
            }
        }
    }

    /** On the event loop: the channel became writable (or unwritable, or closed); wakes blocked producers. */
    @Override
    public void writabilityChanged() {
        if (connection.isWritable() || !connection.isOpen()) {
            writableLock.lock();
            try {
                writable.signalAll();
            } finally {
                writableLock.unlock();
            }
        }
    }

    void send(Msg msg) {
        actor.stats().sent(msg);
        out.send(msg);
    }

    /** Sends {@code msg} and runs {@code written} on the event loop once it is written (or dropped). */
    void send(Msg msg, Runnable written) {
        actor.stats().sent(msg);
        out.send(msg, written);
    }

    /**
     * Waits at most {@code nanos} until everything queued for this peer so far has been written to the socket (a
     * heartbeat ping marks the spot); returns at once on the event loop or once the connection is closed.
     */
    void flushWithin(long nanos) {
        if (!connection.isOpen() || connection.inEventLoop() || nanos <= 0) {
            return;
        }
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        out.send(dev.tractor.wire.Ping.INSTANCE, written::countDown);
        try {
            written.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends two messages, usually in one write. */
    void send(Msg first, Msg second) {
        actor.stats().sent(first);
        actor.stats().sent(second);
        out.send(first, second);
    }

    dev.tractor.observe.RuntimeListener events() {
        return actor.events();
    }

    /** How many stream items this actor accepts on a stream before granting credit (the peer is told in the hello). */
    int receiveWindow() {
        return actor.config().streamWindow();
    }

    /** How many stream items the peer accepts on a stream before granting credit, as its hello announced. */
    int sendWindow() {
        Integer announced = connection.peerWindow();
        return announced != null ? announced : Hello.DEFAULT_WINDOW;
    }

    /** Starts a call: registers its inbox, then sends the {@code cmd}. */
    Call call(String ns, String fn, Map<String, ?> kwargs) {
        if (EventLoopCalls.running()) {
            throw EventLoopCalls.refusal(ns + "." + fn + " on actor " + uid);
        }
        try {
            awaitWritable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while waiting to call " + ns + "." + fn + " on actor " + uid
                    + ", which is not reading what was sent to it", e);
        }
        String cid = CallIds.next();
        Call call = new Call(this, cid, ns + "." + fn);
        calls.put(cid, call);
        if (!connection.isOpen()) {
            call.deliver(new PeerGone("the connection is closed"));
        } else {
            send(new Cmd(ns, fn, Values.kwargs(kwargs), actor.uid(), cid, Deadlines.remainingMillis()));
        }
        return call;
    }

    void forget(Call call) {
        calls.remove(call.cid(), call);
    }

    void forget(RpcTask task) {
        tasks.remove(task.cid(), task);
    }

    /** Sends {@code self.cancelTask} for {@code cid} without waiting for its answer. */
    void cancelTask(String cid) {
        if (connection.isOpen()) {
            send(new Cmd("self", "cancelTask", Map.of("cid", cid), actor.uid(), CallIds.next()));
        }
    }

    RpcTask task(String cid) {
        return tasks.get(cid);
    }

    int runningTasks() {
        return tasks.size();
    }

    List<RpcTask> tasks() {
        return List.copyOf(tasks.values());
    }

    /** Called on the event loop for each message after the handshake. */
    @Override
    public void onMessage(Msg msg) {
        if (hangingUp) {
            return;
        }
        reading = true;
        actor.stats().received(msg);
        switch (msg) {
            case Cmd cmd -> startTask(cmd);
            case Unknown unknown -> {
                complaints.warn(log, "{}: actor {} at {} sent an unknown message kind '{}'", actor.uid(), uid,
                        connection.peerName(), LogText.clean(unknown.kind()));
                send(new ErrorMsg(null, box(new ProtocolError("unknown message kind '" + unknown.kind() + "'"))));
            }
            case ErrorMsg err when err.cid() == null ->
                    complaints.warn(log, "{}: internal error reported by actor {} at {}: {}: {}", actor.uid(), uid,
                            connection.peerName(), LogText.clean(err.box().type()), LogText.clean(err.box().message()));
            default -> route(msg);
        }
    }

    private void startTask(Cmd cmd) {
        FunctionSpec onLoop = actor.functions().onEventLoop(cmd.ns(), cmd.fn());
        if (onLoop != null) {
            EventLoopCalls.answer(actor, this, cmd, onLoop);
            return;
        }
        int limit = actor.config().limits().tasksPerPeer();
        if (tasks.size() >= limit) {
            complaints.warn(log, "{}: refused {}.{} from actor {} at {}: {} tasks running, the limit per peer",
                    actor.uid(), LogText.clean(cmd.ns()), LogText.clean(cmd.fn()), uid, connection.peerName(), limit);
            send(new ErrorMsg(cmd.cid(), box(new TractorException("actor " + actor.uid() + " refused " + cmd.ns() + "."
                    + cmd.fn() + ": actor " + uid + " already has " + limit + " tasks running there, the limit per"
                    + " peer (tractor.limits.tasks-per-peer, Limits.tasksPerPeer)"))));
            return;
        }
        RpcTask task = new RpcTask(actor, this, cmd);
        if (tasks.putIfAbsent(cmd.cid(), task) != null) {
            send(new ErrorMsg(cmd.cid(), box(new ProtocolError("cid " + cmd.cid() + " is already in use"))));
            return;
        }
        task.start();
        announcer.track(task);
    }

    private void route(Msg msg) {
        String cid = msg.cid();
        Call call = cid == null ? null : calls.get(cid);
        if (call != null) {
            if (undecodable(msg) instanceof Undecodable bad) {
                if (msg instanceof Started || msg instanceof Yield) {
                    cancelTask(cid); // the call ends here, so its remote task need not run on
                }
                call.deliver(new Unsent(new TractorException("actor " + uid + " sent " + Unsendables.what(msg) + " of "
                        + call.function() + ", which cannot be decoded: " + bad.reason())));
                return;
            }
            call.deliver(msg);
            return;
        }
        RpcTask task = cid == null ? null : tasks.get(cid);
        if (task != null) {
            task.deliver(msg);
            return;
        }
        if (msg instanceof Yield && overrunCalls.contains(cid)) {
            overrun(cid, "a call it overran", false); // a peer that keeps on after the call failed is still overrunning
            return;
        }
        log.debug("{}: dropped {} for finished call {} from {}", actor.uid(), msg.getClass().getSimpleName(), cid, uid);
    }

    /** The value of a result, started value or stream item that could not be decoded, else null. */
    private static Object undecodable(Msg msg) {
        Object value = switch (msg) {
            case Return r -> r.value();
            case Started s -> s.value();
            case Yield y -> y.value();
            default -> null;
        };
        return value instanceof Undecodable ? value : null;
    }

    /**
     * Wakes the consumers of {@code inbox}, to which a message was added quietly, once the current read is done:
     * a burst of messages costs one wake-up. Outside a read, wakes them at once.
     */
    void wakeAfterRead(Inbox inbox) {
        if (!reading || !connection.inEventLoop()) {
            inbox.wake();
        } else if (inbox.markWakeDue()) {
            inboxesToWake.add(inbox);
        }
    }

    /** Called on the event loop at the end of each read: wakes the consumers of what it delivered. */
    @Override
    public void readComplete() {
        reading = false;
        Inbox inbox;
        while ((inbox = inboxesToWake.poll()) != null) {
            inbox.wakeAfterRead();
        }
    }

    /**
     * On the event loop: {@code msg} could not be sent ({@code why}). Only its call fails: a call of ours ends
     * with the error (its remote task, if started, is cancelled); for a task of ours, the error goes to its caller
     * in place of the message (the writer drops the task's later messages) and the task is cancelled.
     */
    private Msg unsendable(Msg msg, RuntimeException why) {
        String cid = msg.cid();
        Call call = cid == null ? null : calls.get(cid);
        String what = Unsendables.describe(msg);
        String reason = Unsendables.reason(why);
        if (call != null) {
            if (!(msg instanceof Cmd)) {
                cancelTask(cid);
            }
            call.deliver(new Unsent(new TractorException("cannot send " + what + " of " + call.function()
                    + " to actor " + uid + ": " + reason, why)));
            return null;
        }
        if (cid == null || msg instanceof ErrorMsg) {
            complaints.warn(log, "{}: could not send {} to actor {}: {}", actor.uid(), what, uid, reason);
            return null;
        }
        RpcTask task = tasks.get(cid);
        String of = task != null ? " of " + task.function() : "";
        if (task != null) {
            task.cancel(null);
        }
        complaints.warn(log, "{}: could not send {}{} to actor {} (cid {}): {}", actor.uid(), what, of, uid, cid,
                reason);
        return new ErrorMsg(cid, box(new TractorException("actor " + actor.uid() + " could not send " + what + of
                + ": " + reason, why)));
    }

    /**
     * On the event loop: the peer sent an item beyond its credit on the stream of {@code cid} (which has ended
     * with a {@link ProtocolError}; {@code first} for the first such item on it). A call of ours has its remote task cancelled; a peer that keeps sending
     * another window's worth of items after that has its connection closed.
     */
    void overrun(String cid, String function, boolean first) {
        overrunItems++;
        if (first && overrunCalls.add(cid) && overrunCalls.size() > 64) {
            overrunCalls.removeFirst();
        }
        if (first) {
            complaints.warn(log, "{}: actor {} at {} sent more stream items on {} (cid {}) than its credit allowed",
                    actor.uid(), uid, connection.peerName(), function, LogText.clean(cid));
            if (calls.containsKey(cid)) {
                cancelTask(cid);
            }
            RpcTask task = tasks.get(cid);
            if (task != null) {
                task.fail(new ProtocolError("actor " + uid + " sent more items on the stream of " + function
                        + " than the credit it was granted (a window of " + receiveWindow() + " items, "
                        + WINDOW_SETTING + ")"));
            }
        }
        if (overrunItems > receiveWindow() + 1L) {
            hangUp(new ProtocolError("actor " + uid + " kept sending stream items beyond its credit ("
                    + overrunItems + " items beyond a window of " + receiveWindow() + ", " + WINDOW_SETTING
                    + "); closing the connection"));
        }
    }

    /** On the event loop: stops reading from the peer, tells it why and closes the connection. */
    private void hangUp(ProtocolError why) {
        hangingUp = true;
        connection.stopReading();
        log.warn("{}: actor at {}: {}", actor.uid(), connection.peerName(), why.getMessage());
        out.send(new ErrorMsg(null, box(why)), connection::close);
    }

    /** Runs {@code check} on the event loop once the unopened-stream timeout ({@code Limits}) has passed. */
    void afterUnopenedStreamTimeout(Runnable check) {
        Duration timeout = actor.config().limits().unopenedStreamTimeout();
        connection.scheduler().schedule(check, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * On the event loop: the peer filled the window of the stream of {@code cid}, which this side never opened
     * within the timeout. The call fails with an error naming the stream, so the peer's sender is not held forever:
     * a task of ours ends with it as its answer; a call of ours ends with it here and its remote task is cancelled.
     */
    void unopenedStream(String cid, String function) {
        Duration timeout = actor.config().limits().unopenedStreamTimeout();
        RpcTask task = tasks.get(cid);
        if (task != null) {
            task.fail(new TractorException("actor " + uid + " sent a full window of items on the stream of " + function
                    + ", which its task in actor " + actor.uid() + " did not open (ctx.openStream) within " + timeout
                    + " (tractor.limits.unopened-stream-timeout)"));
            return;
        }
        Call call = calls.get(cid);
        if (call != null) {
            cancelTask(cid);
            call.deliver(new Unsent(new TractorException("actor " + uid + " sent a full window of items on the stream"
                    + " of " + function + ", which this caller did not open (ContextHandle.openStream) nor end"
                    + " (result()) within " + timeout + " (tractor.limits.unopened-stream-timeout)")));
        }
    }

    /** Called once when the connection closes. */
    @Override
    public void closed() {
        writabilityChanged();
        String silence = connection.closeReason();
        PeerGone gone = silence != null ? new PeerGone(silence, true)
                : new PeerGone("the connection to actor " + uid + " was lost");
        calls.values().forEach(c -> c.deliver(gone));
        tasks.values().forEach(t -> t.cancel(null));
        readComplete();
        actor.peerClosed(this);
    }

    /** The error for a call of {@code function} that lost this peer. */
    ActorDied died(String function, PeerGone gone) {
        ChildProcess p = process;
        Integer exit = p == null ? null : p.exitCode(gone.silent() ? 0 : 1000);
        String tail = p == null || exit == null ? "" : p.outputTail();
        String what = gone.silent() && exit == null ? " stopped answering (suspected dead) during " : " died during ";
        String text = "actor " + uid + what + function + ": " + gone.reason()
                + (exit != null ? " (process exit code " + exit + ")" : "")
                + (tail.isEmpty() ? "" : "; its output ends with:\n" + tail);
        return new ActorDied(text, uid, exit);
    }

    /** The peer broke the framing: it is told so, and the connection closes. */
    @Override
    public Msg protocolViolation(RuntimeException why) {
        return new ErrorMsg(null, box(why));
    }

    ErrorBox box(Throwable t) {
        return ErrorBox.of(t, actor.uid());
    }

    void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "Peer[" + uid + " at " + connection.peerName() + "]";
    }

    static TractorException closed(ActorUid uid) {
        return new TractorException("connection to actor " + uid + " is closed");
    }
}
