package dev.tractor.runtime;

import dev.tractor.EndOfStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Iteration over a stream's {@code receive()}: ends at {@link EndOfStream}; any other error (an interrupt, a
 * remote failure, a lag) propagates from {@code hasNext()} and leaves the iterator usable for the next item.
 */
final class StreamIterator<T> implements Iterator<T> {

    private final Supplier<T> receive;
    private final String function;
    private T next;
    private boolean buffered;
    private boolean done;

    StreamIterator(Supplier<T> receive, String function) {
        this.receive = receive;
        this.function = function;
    }

    @Override
    public boolean hasNext() {
        if (buffered) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            next = receive.get();
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
            throw new NoSuchElementException("the stream of " + function + " has ended");
        }
        T item = next;
        next = null;
        buffered = false;
        return item;
    }
}
