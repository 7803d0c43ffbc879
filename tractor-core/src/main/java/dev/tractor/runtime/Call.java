package dev.tractor.runtime;

import dev.tractor.ProtocolError;
import dev.tractor.TractorException;
import dev.tractor.wire.Credit;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Functype;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import dev.tractor.wire.Stop;
import dev.tractor.wire.Yield;
import java.util.concurrent.TimeUnit;

/**
 * The caller's side of one call (one {@code cid}): the inbox the peer's answers are routed to, and the
 * blocking waits on it. An interrupt while waiting cancels the remote task ({@code self.cancelTask}) and
 * raises {@link TractorException} with the thread's interrupt flag set again.
 */
final class Call implements AutoCloseable {

    private final Peer peer;
    private final String cid;
    private final String function;
    private final long startedNanos = System.nanoTime();
    private final Inbox inbox = new Inbox();
    private volatile StreamEndpoint stream;
    private volatile boolean ended;
    private Object endMessage;

    Call(Peer peer, String cid, String function) {
        this.peer = peer;
        this.cid = cid;
        this.function = function;
    }

    String cid() {
        return cid;
    }

    String function() {
        return function;
    }

    Peer peer() {
        return peer;
    }

    /**
     * Routes a message of this call: stream traffic to the stream, the rest to the inbox. The final
     * message (return, error, lost peer) also ends the stream and removes the call from its peer, so a
     * stream iterated to its end without being closed leaves nothing behind.
     */
    void deliver(Object message) {
        if (message instanceof Yield || message instanceof Stop || message instanceof Credit) {
            stream().deliver((Msg) message);
            return;
        }
        if (message instanceof Return || message instanceof ErrorMsg || message instanceof PeerGone
                || message instanceof Unsent) {
            StreamEndpoint s;
            synchronized (this) {
                ended = true;
                endMessage = message;
                s = stream;
            }
            if (s != null) {
                s.terminate(message, endedReason());
            }
            peer.forget(this);
        }
        inbox.addQuietly(message);
        peer.wakeAfterRead(inbox);
    }

    /** Whether the call's final message (return, error, lost peer) has arrived. */
    boolean ended() {
        return ended;
    }

    /**
     * How the call ended, as the calls metric counts it: {@code success}, {@code error}, {@code cancelled} (a
     * cancelled task's error, or a call given up before its end) or {@code died} (the peer went away).
     */
    synchronized String outcome() {
        if (endMessage instanceof Return) {
            return "success";
        }
        if (endMessage instanceof PeerGone) {
            return "died";
        }
        if (endMessage instanceof ErrorMsg e) {
            return e.box().canceller() != null ? "cancelled" : "error";
        }
        return endMessage == null ? "cancelled" : "error";
    }

    /** How long since the call was made. */
    java.time.Duration elapsed() {
        return java.time.Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Whether the call ended with the peer's answer (a return), not an error or a lost connection. */
    synchronized boolean answered() {
        return endMessage instanceof Return;
    }

    /** This call's stream endpoint, created on first use. */
    StreamEndpoint stream() {
        StreamEndpoint s = stream;
        if (s == null) {
            synchronized (this) {
                s = stream;
                if (s == null) {
                    s = new StreamEndpoint(peer, cid, function,
                            m -> m == null || m instanceof Return ? null : unexpected(m));
                    if (ended) {
                        s.terminate(endMessage, endedReason());
                    }
                    stream = s;
                }
            }
        }
        return s;
    }

    /** The next message for this call; interruptible (cancelling the remote task). */
    Object take() {
        try {
            return inbox.take();
        } catch (InterruptedException e) {
            cancelRemote();
            Thread.currentThread().interrupt();
            throw Deadlines.interrupted(function, peer.uid(), new TractorException("interrupted while waiting for "
                    + function + " on actor " + peer.uid() + "; the remote task was cancelled", e));
        }
    }

    /** The next message if one arrives within {@code millis}, else null; an interrupt raises as in {@link #take()}. */
    Object poll(long millis) {
        try {
            return inbox.poll(TimeUnit.MILLISECONDS.toNanos(millis));
        } catch (InterruptedException e) {
            cancelRemote();
            Thread.currentThread().interrupt();
            throw Deadlines.interrupted(function, peer.uid(), new TractorException("interrupted while waiting for "
                    + function + " on actor " + peer.uid() + "; the remote task was cancelled", e));
        }
    }

    /** Waits for the {@code functype} answer; a different kind cancels the task and names the right call. */
    void awaitFunctype(Functype.Kind expected) {
        Object m = take();
        if (m instanceof Functype f) {
            if (f.kind() != expected) {
                cancelRemote();
                throw new TractorException(wrongStyle(f.kind(), expected));
            }
            return;
        }
        throw unexpected(m);
    }

    /** Waits for {@code return} and gives its value. */
    Object awaitReturn() {
        Object m = take();
        if (m instanceof Return r) {
            return r.value();
        }
        throw unexpected(m);
    }

    /** The exception for a message that ends the call abnormally (error, lost peer) or should not be here. */
    RuntimeException unexpected(Object m) {
        if (m instanceof ErrorMsg e) {
            return ErrorBoxes.toException(e.box(), function, peer.uid());
        }
        if (m instanceof PeerGone gone) {
            return peer.died(function, gone);
        }
        if (m instanceof Unsent unsent) {
            return unsent.error();
        }
        return new ProtocolError("actor " + peer.uid() + " sent " + ((Msg) m).getClass().getSimpleName()
                + " out of order for " + function + " (cid " + cid + ")");
    }

    /**
     * Waits at most {@code millis} for the call's final message (discarding what comes before it), then
     * forgets the call; returns that message (a return, an error, a lost peer), or null if it did not come in
     * time. An interrupt that was pending or arrives meanwhile ends the wait early and is kept on the thread.
     */
    Object awaitEndAndClose(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = Thread.interrupted();
        try {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                Object m = inbox.poll(left);
                if (m == null) {
                    break;
                }
                if (m instanceof Return || m instanceof ErrorMsg || m instanceof PeerGone || m instanceof Unsent) {
                    return m;
                }
            }
            return null;
        } catch (InterruptedException e) {
            interrupted = true;
            return null;
        } finally {
            close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the call's final message has arrived or {@code deadline} passed, discarding what comes before. */
    void awaitEnd(Deadline deadline) {
        while (!ended() && !deadline.passed()) {
            poll(Math.max(1, deadline.remainingMillis()));
        }
    }

    /** Asks the peer to cancel this call's task; does not wait. */
    void cancelRemote() {
        peer.cancelTask(cid);
    }

    @Override
    public void close() {
        peer.forget(this);
    }

    private String endedReason() {
        return function + " on actor " + peer.uid() + " has ended, so nothing more can be sent on its stream";
    }

    private String wrongStyle(Functype.Kind actual, Functype.Kind expected) {
        String right = switch (actual) {
            case ASYNCFUNC -> "a plain function: call it with portal.run(...)";
            case ASYNCGEN -> "a streaming function: call it with portal.openStreamFrom(...)";
            case CONTEXT -> "a context function: call it with portal.openContext(...)";
        };
        String used = switch (expected) {
            case ASYNCFUNC -> "portal.run";
            case ASYNCGEN -> "portal.openStreamFrom";
            case CONTEXT -> "portal.openContext";
        };
        return function + " on actor " + peer.uid() + " is " + right + " (it was called with " + used + ")";
    }
}
