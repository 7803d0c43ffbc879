package dev.tractor.runtime;

import dev.tractor.EndOfStream;
import dev.tractor.TractorException;
import dev.tractor.wire.Credit;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Stop;
import dev.tractor.wire.Yield;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * One side's half of the stream of a call ({@code cid}): the queue of incoming {@code yield}/{@code stop},
 * the send window fed by {@code credit}, and the credit we grant. Items that arrive before the local
 * side opens its stream wait (the sender's window holds it back); items that arrive after the local
 * side closed are discarded and credited at once, so a sender never waits for a consumer that is gone.
 */
final class StreamEndpoint {

    private enum State { WAITING, OPEN, CLOSED }

    /** Marks the end of the call in the queue; {@code cause} is the message that ended it. */
    private record Terminal(Object cause) {
    }

    private final Peer peer;
    private final String cid;
    private final String function;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final SendWindow window;
    private final CreditGrant grant;
    private final Function<Object, RuntimeException> endError;
    private volatile State state = State.WAITING;
    private volatile boolean stopSent;
    private volatile RuntimeException ended;

    /**
     * @param endError turns the message that ended the call (return, error, lost peer) into what a
     *                 receiver sees; a null result means a plain end of stream
     */
    StreamEndpoint(Peer peer, String cid, String function, int window, Function<Object, RuntimeException> endError) {
        this.peer = peer;
        this.cid = cid;
        this.function = function;
        this.window = new SendWindow(window);
        this.grant = new CreditGrant(peer, cid, window);
        this.endError = endError;
    }

    String function() {
        return function;
    }

    /** Called on the event loop for {@code yield}, {@code stop} and {@code credit} of this cid. */
    void deliver(Msg msg) {
        if (msg instanceof Credit c) {
            window.credit(c.n());
        } else if (state == State.CLOSED && msg instanceof Yield) {
            grant.consumed(false);
        } else {
            queue.add(msg);
        }
    }

    /** The call is over (its result, error or lost peer is {@code cause}): senders fail, receivers end. */
    void terminate(Object cause, String reason) {
        window.close(reason);
        queue.add(new Terminal(cause));
    }

    void open() {
        if (state != State.WAITING) {
            throw new IllegalStateException("the stream of " + function + " was already opened: a context has one stream");
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while sending on the stream of " + function);
        }
        peer.send(new Yield(cid, item));
        peer.events().streamItem("out");
    }

    /** Sends an item without flow control waits (the producer of a streaming function checks the window itself). */
    void sendProduced(Object item) throws InterruptedException {
        window.acquire();
        peer.send(new Yield(cid, item));
        peer.events().streamItem("out");
    }

    /**
     * The next item's raw value. Throws {@link EndOfStream} after {@code stop}, the call's error after it
     * failed; an interrupt raises here but leaves the stream open with nothing lost.
     */
    Object receive() {
        RuntimeException end = ended;
        if (end != null) {
            throw end;
        }
        if (state == State.CLOSED) {
            throw new TractorException("the stream of " + function + " is closed");
        }
        Object m;
        try {
            m = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while receiving from " + function + "; the stream stays open");
        }
        if (m instanceof Yield y) {
            grant.consumed(!queue.isEmpty());
            peer.events().streamItem("in");
            return y.value();
        }
        RuntimeException error = m instanceof Terminal t ? endError.apply(t.cause()) : null;
        ended = error != null ? error : new EndOfStream("the stream of " + function + " has ended");
        throw ended;
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

    /** This side will not receive any more: queued and later items are discarded and credited. */
    void closeLocally() {
        state = State.CLOSED;
        Object m;
        while ((m = queue.poll()) != null) {
            if (m instanceof Yield) {
                grant.consumed(true);
            }
        }
        grant.flush();
    }
}
