package dev.tractor.runtime;

import dev.tractor.ContextCancelled;
import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.TractorException;
import dev.tractor.wire.Return;
import dev.tractor.wire.Started;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The caller's side of a context call. Knows the call's phases: waiting for {@code started}, an optional
 * stream, the result. Used by one thread at a time (the one that opened it), except {@link #cancel()}
 * and the stream, which other threads may use while this one waits.
 */
final class ContextHandleImpl implements ContextHandle {

    private static final Object NOT_YET = new Object();

    private final Call call;
    private final long graceMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean cancelRequested;
    private Object started = NOT_YET;
    private Object result = NOT_YET;
    private RuntimeException failure;
    private MsgStreamImpl<?> stream;
    private boolean closed;

    ContextHandleImpl(Call call, long graceMillis) {
        this.call = call;
        this.graceMillis = graceMillis;
    }

    @Override
    public Object started() {
        lock.lock();
        try {
            if (started == NOT_YET) {
                if (failure != null) {
                    throw failure;
                }
                Object m = call.take();
                if (m instanceof Started s) {
                    started = s.value();
                } else {
                    throw fail(call.unexpected(m));
                }
            }
            return started;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T started(Class<T> type) {
        return Values.convert(started(), type);
    }

    /** Opens the context's one stream; a second call fails, as does a call after {@link #result()}. */
    @Override
    public <T> MsgStream<T> openStream(Class<T> inType) {
        lock.lock();
        try {
            started();
            StreamEndpoint endpoint = call.stream();
            endpoint.open();
            MsgStreamImpl<T> s = new MsgStreamImpl<>(endpoint, inType, () -> {
                endpoint.sendStop();
                endpoint.closeLocally();
            });
            stream = s;
            return s;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the remote task's result. Ends this side's stream first, opened or not: {@code stop} is
     * sent (a callee reading the stream sees its end), and items the callee still sends are discarded,
     * so it is never held back.
     */
    @Override
    public Object result() {
        lock.lock();
        try {
            if (result != NOT_YET) {
                return result;
            }
            if (failure != null) {
                throw failure;
            }
            if (started == NOT_YET) {
                started();
            }
            if (stream != null) {
                stream.close();
            } else {
                StreamEndpoint endpoint = call.stream();
                endpoint.sendStop();
                endpoint.closeLocally();
            }
            Object m = call.take();
            call.close();
            if (m instanceof Return r) {
                result = r.value();
                return result;
            }
            throw fail(call.unexpected(m));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T result(Class<T> type) {
        return Values.convert(result(), type);
    }

    /** Asks the remote task to cancel, without waiting; {@link #result()} then throws {@link ContextCancelled}. */
    @Override
    public void cancel() {
        cancelRequested = true;
        call.cancelRemote();
    }

    /**
     * Closes the stream (sending {@code stop}) and waits for the result. Throws the remote task's error,
     * except the {@link ContextCancelled} of a cancel this handle asked for. When the wait is interrupted,
     * the remote task is cancelled.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (stream != null) {
                stream.close();
            }
            if (result != NOT_YET || failure != null) {
                call.close();
                return;
            }
            try {
                result();
            } catch (ContextCancelled e) {
                if (!cancelRequested) {
                    throw e;
                }
            } catch (TractorException e) {
                if (!call.ended()) {
                    cancelAndDrain();
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Leaving the block by an exception: cancel the remote task and wait (bounded) for its end. */
    void abort() {
        if (call.ended()) {
            call.close();
            return;
        }
        cancelRequested = true;
        cancelAndDrain();
    }

    private void cancelAndDrain() {
        call.cancelRemote();
        call.awaitEndAndClose(graceMillis);
    }

    private RuntimeException fail(RuntimeException e) {
        failure = e;
        return e;
    }
}
