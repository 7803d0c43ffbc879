package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.EndOfStream;
import dev.tractor.ProtocolError;
import dev.tractor.TractorException;
import dev.tractor.wire.Credit;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Stop;
import dev.tractor.wire.Yield;
import java.util.function.Function;

/**
 * One side's half of the stream of a call ({@code cid}): the queue of incoming {@code yield}/{@code stop},
 * the send window fed by {@code credit}, and the credit we grant. Items that arrive before the local
 * side opens its stream wait (the sender's window holds it back); items that arrive after the local
 * side closed are discarded and credited at once, so a sender never waits for a consumer that is gone.
 * Once the call is over, blocked senders fail with the reason and receivers see the end (or the error). A sender
 * also waits while the connection's outbound buffer is full ({@link Peer#awaitWritable}).
 */
final class StreamEndpoint {

    private enum State { WAITING, OPEN, CLOSED }

    /** Marks the end of the call in the queue; {@code cause} is the message that ended it. */
    private record Terminal(Object cause) {
    }

    /** Ends the stream for receivers with {@code error}, though the call goes on. */
    private record Failed(RuntimeException error) {
    }

    /** Wakes receivers blocked on a stream that this side closed. */
    private static final Object CLOSED_MARK = new Object();

    private final Peer peer;
    private final String cid;
    private final String function;
    private final Inbox queue = new Inbox();
    private final SendWindow window;
    private final CreditGrant grant;
    private final Function<Object, RuntimeException> endError;
    private volatile State state = State.WAITING;
    private volatile boolean stopSent;
    private volatile boolean stopReceived;
    private volatile boolean creditDiscarded = true;
    private volatile RuntimeException ended;
    /** Set once the peer sent more items than its credit allowed; used by the event loop only. */
    private boolean overrun;
    /** Set once a check is scheduled for a stream left unopened with its window full; event loop only. */
    private boolean unopenedCheck;

    /**
     * Sends within the window the peer announced, and grants (and enforces) this actor's own window.
     *
     * @param endError turns the message that ended the call (return, error, lost peer) into what a
     *                 receiver sees; a null result means a plain end of stream
     */
    StreamEndpoint(Peer peer, String cid, String function, Function<Object, RuntimeException> endError) {
        this.peer = peer;
        this.cid = cid;
        this.function = function;
        this.window = new SendWindow(peer.sendWindow());
        this.grant = new CreditGrant(peer, cid, peer.receiveWindow());
        this.endError = endError;
    }

    String function() {
        return function;
    }

    /** The actor on the other side of the stream. */
    ActorUid peerUid() {
        return peer.uid();
    }

    /** Called on the event loop for {@code yield}, {@code stop} and {@code credit} of this cid. */
    void deliver(Msg msg) {
        if (msg instanceof Credit c) {
            window.credit(c.n());
            return;
        }
        if (msg instanceof Stop) {
            stopReceived = true;
        }
        if (msg instanceof Yield && (overrun || !grant.admit())) {
            overrun();
            return;
        }
        boolean discarded;
        synchronized (this) {
            discarded = state == State.CLOSED && msg instanceof Yield;
            if (!discarded) {
                queue.addQuietly(msg);
            }
        }
        if (discarded) {
            if (creditDiscarded) {
                grant.discarded(false);
            }
        } else {
            peer.wakeAfterRead(queue);
            if (msg instanceof Yield && state == State.WAITING && !unopenedCheck && grant.exhausted()) {
                unopenedCheck = true;
                peer.afterUnopenedStreamTimeout(() -> {
                    if (state == State.WAITING) {
                        peer.unopenedStream(cid, function);
                    }
                });
            }
        }
    }

    /**
     * On the event loop: the peer sent an item beyond its credit. The first ends the stream here with a
     * {@link ProtocolError}; it and every later item are dropped, and the peer is told to count them.
     */
    private void overrun() {
        boolean first = !overrun;
        if (first) {
            overrun = true;
            queue.add(new Failed(new ProtocolError("actor " + peer.uid() + " sent more items on the stream of "
                    + function + " than the credit it was granted (a window of " + peer.receiveWindow() + " items, "
                    + Peer.WINDOW_SETTING + ")")));
        }
        peer.overrun(cid, function, first);
    }

    /** Whether the other side has sent {@code stop} (it may not have been received locally yet). */
    boolean stopReceived() {
        return stopReceived;
    }

    /** The call is over (its result, error or lost peer is {@code cause}): senders fail, receivers end. */
    void terminate(Object cause, String reason) {
        window.close(() -> {
            RuntimeException error = cause == null ? null : endError.apply(cause);
            return error != null ? error : new TractorException(reason);
        });
        queue.add(new Terminal(cause));
    }

    void open() {
        if (state != State.WAITING) {
            throw new TractorException("the stream of " + function + " was already "
                    + (state == State.OPEN ? "opened" : "closed") + ": a context has one stream");
        }
        state = State.OPEN;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** Sends one item, blocking while the window is used up. */
    void send(Object item) {
        if (state != State.OPEN) {
            throw new TractorException("the stream of " + function + " is " + (state == State.CLOSED ? "closed" : "not open"));
        }
        if (stopSent) {
            throw new TractorException("the stream of " + function + " was closed for sending");
        }
        try {
            window.acquire();
            peer.awaitWritable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while sending on the stream of " + function, e);
        }
        peer.send(new Yield(cid, item));
        peer.events().streamItem("out");
    }

    /**
     * Takes room for one item in the window, blocking (interruptibly) while it is used up; the producer
     * of a streaming function then computes the item and sends it with {@link #sendReserved}.
     */
    void reserve() throws InterruptedException {
        window.acquire();
        peer.awaitWritable();
    }

    /** Sends an item for which {@link #reserve()} took room. */
    void sendReserved(Object item) {
        peer.send(new Yield(cid, item));
        peer.events().streamItem("out");
    }

    /**
     * The next item's raw value. Throws {@link EndOfStream} after {@code stop}, the call's error after it
     * failed; an interrupt raises here but leaves the stream open with nothing lost.
     */
    Object receive() {
        RuntimeException end = ended;
        if (end instanceof EndOfStream) {
            throw endOfStream();
        }
        if (end != null) {
            throw end;
        }
        if (state == State.CLOSED) {
            throw closedError();
        }
        Object m;
        try {
            m = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while receiving from " + function + "; the stream stays open", e);
        }
        if (m instanceof Yield y) {
            grant.consumed(y.value(), !queue.isEmpty());
            peer.events().streamItem("in");
            return y.value();
        }
        if (m == CLOSED_MARK) {
            queue.add(m);
            throw closedError();
        }
        if (m instanceof Failed f) {
            ended = f.error();
            throw ended;
        }
        RuntimeException error = m instanceof Terminal t ? endError.apply(t.cause()) : null;
        ended = error != null ? error : endOfStream();
        throw ended;
    }

    private EndOfStream endOfStream() {
        return new EndOfStream("the stream of " + function + " has ended");
    }

    private TractorException closedError() {
        return new TractorException("the stream of " + function + " is closed");
    }

    /** Sends {@code stop} once, if the connection is still open. */
    void sendStop() {
        if (!stopSent) {
            stopSent = true;
            if (peer.isOpen()) {
                peer.send(new Stop(cid));
            }
        }
    }

    /**
     * This side will not receive any more: queued and later items are discarded and credited, so the
     * other side's sender is not held back; a receiver blocked in another thread wakes with an error.
     */
    void closeLocally() {
        int discarded = discardQueued();
        for (int i = 0; i < discarded; i++) {
            grant.discarded(true);
        }
        grant.flush();
    }

    /**
     * This side will not receive any more and the other side's sender is not to continue either (its task
     * has ended or is being cancelled): queued and later items are dropped without credit.
     */
    void discard() {
        creditDiscarded = false;
        discardQueued();
    }

    private synchronized int discardQueued() {
        state = State.CLOSED;
        int yields = 0;
        Object m;
        while ((m = queue.poll()) != null) {
            if (m instanceof Yield) {
                yields++;
            }
        }
        queue.add(CLOSED_MARK);
        return yields;
    }
}
