package dev.tractor.runtime;

import dev.tractor.EndOfStream;
import dev.tractor.MsgStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link MsgStream} over a {@link StreamEndpoint}: converts received values to the item type, and
 * runs {@code onClose} once when closed (sending {@code stop} for a context stream, cancelling the
 * producer for a streaming function).
 */
final class MsgStreamImpl<T> implements MsgStream<T> {

    private final StreamEndpoint endpoint;
    private final Class<T> type;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    MsgStreamImpl(StreamEndpoint endpoint, Class<T> type, Runnable onClose) {
        this.endpoint = endpoint;
        this.type = type;
        this.onClose = onClose;
    }

    @Override
    public T receive() {
        return Values.convert(endpoint.receive(), type);
    }

    @Override
    public void send(Object item) {
        endpoint.send(item);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;
            private boolean buffered;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (buffered) {
                    return true;
                }
                if (done) {
                    return false;
                }
                try {
                    next = receive();
                    buffered = true;
                    return true;
                } catch (EndOfStream e) {
                    done = true;
                    return false;
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stream of " + endpoint.function() + " has ended");
                }
                T item = next;
                next = null;
                buffered = false;
                return item;
            }
        };
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
