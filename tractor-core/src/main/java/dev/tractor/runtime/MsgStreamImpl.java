package dev.tractor.runtime;

import dev.tractor.MsgStream;
import dev.tractor.ReceiveStream;
import dev.tractor.TractorException;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link MsgStream} over a {@link StreamEndpoint}: converts received values to the item type, and
 * runs {@code onClose} once when closed (sending {@code stop} for a context stream, cancelling the
 * producer for a streaming function). {@link #subscribe(int)} makes it a {@link Broadcast}, which then is the
 * only one to receive from the endpoint.
 */
final class MsgStreamImpl<T> implements MsgStream<T> {

    /** The buffer of a broadcast made by {@link #subscribe()}. */
    static final int DEFAULT_BROADCAST_BUFFER = 1024;

    private final StreamEndpoint endpoint;
    private final Class<T> type;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Broadcast<T> broadcast;

    MsgStreamImpl(StreamEndpoint endpoint, Class<T> type, Runnable onClose) {
        this.endpoint = endpoint;
        this.type = type;
        this.onClose = onClose;
    }

    @Override
    public T receive() {
        if (broadcast != null) {
            throw new IllegalStateException("the stream of " + endpoint.function() + " is broadcast to its"
                    + " subscriptions since subscribe(): receive from a subscription");
        }
        return Values.convert(endpoint.receive(), type);
    }

    @Override
    public void send(Object item) {
        endpoint.send(item);
    }

    @Override
    public Iterator<T> iterator() {
        return new StreamIterator<>(this::receive, endpoint.function());
    }

    @Override
    public ReceiveStream<T> subscribe() {
        Broadcast<T> b = broadcast;
        return subscribe(b != null ? b.capacity() : DEFAULT_BROADCAST_BUFFER);
    }

    @Override
    public ReceiveStream<T> subscribe(int buffer) {
        Broadcast<T> b;
        synchronized (this) {
            if (closed.get()) {
                throw new TractorException("the stream of " + endpoint.function() + " is closed");
            }
            b = broadcast;
            if (b == null) {
                b = new Broadcast<>(endpoint::receive, v -> Values.convert(v, type), this::close, endpoint.function(),
                        endpoint.function() + " from actor " + endpoint.peerUid(), buffer);
                broadcast = b;
            }
        }
        return b.subscribe(buffer);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Broadcast<T> b;
            synchronized (this) {
                b = broadcast;
            }
            if (b != null) {
                b.close();
            }
            onClose.run();
        }
    }
}
