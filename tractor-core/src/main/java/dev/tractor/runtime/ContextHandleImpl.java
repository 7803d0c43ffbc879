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

    private final java.util.function.Consumer<Call> ended;

    ContextHandleImpl(Call call, long graceMillis, java.util.function.Consumer<Call> ended) {
        this.ended = ended;
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
            if (result != NOT_YET) {
                throw new TractorException("the stream of " + call.function() + " cannot be opened after result():"
                        + " open it before taking the result");
            }
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
            if (closed) {
                throw new TractorException("the context of " + call.function() + " was closed before result() was"
                        + " taken, so close() cancelled its remote task");
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
     * Ends the context without waiting for the remote task to finish by itself. If {@link #result()} was taken,
     * only the stream is closed. Otherwise (the block left early, by an exception or not: {@code close()} cannot
     * tell) the remote task is cancelled and its end awaited for at most the grace period. Throws the remote
     * task's own error if it failed by itself, and a {@link ContextCancelled} another actor asked for; the cancel
     * this handle asked for is absorbed. Never blocks longer than the grace period; an interrupt ends the wait early
     * and stays set.
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
                ended.accept(call);
                return;
            }
            if (!call.ended()) {
                cancelRequested = true;
                call.cancelRemote();
            }
            Object end = call.awaitEndAndClose(graceMillis);
            ended.accept(call);
            RuntimeException error = end == null || end instanceof Return ? null : call.unexpected(end);
            if (error != null && !(error instanceof ContextCancelled && cancelRequested)) {
                throw error;
            }
        } finally {
            lock.unlock();
        }
    }

    private RuntimeException fail(RuntimeException e) {
        failure = e;
        return e;
    }
}
