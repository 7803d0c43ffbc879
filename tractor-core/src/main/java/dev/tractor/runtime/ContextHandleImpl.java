package dev.tractor.runtime;

import dev.tractor.ContextHandle;
import dev.tractor.MsgStream;
import dev.tractor.TractorException;
import dev.tractor.wire.Started;

/**
 * The caller's side of a context call. Knows the call's phases: waiting for {@code started}, an optional
 * stream, the result. Used by one thread at a time (the one that opened it), except {@link #cancel()}.
 */
final class ContextHandleImpl implements ContextHandle {

    private static final Object NOT_YET = new Object();

    private final Call call;
    private final long graceMillis;
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
    public synchronized Object started() {
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
    }

    @Override
    public <T> T started(Class<T> type) {
        return Values.convert(started(), type);
    }

    @Override
    public synchronized <T> MsgStream<T> openStream(Class<T> inType) {
        started();
        StreamEndpoint endpoint = call.stream();
        endpoint.open();
        MsgStreamImpl<T> s = new MsgStreamImpl<>(endpoint, inType, () -> {
            endpoint.sendStop();
            endpoint.closeLocally();
        });
        stream = s;
        return s;
    }

    @Override
    public synchronized Object result() {
        if (result != NOT_YET) {
            return result;
        }
        if (failure != null) {
            throw failure;
        }
        if (started == NOT_YET) {
            started();
        }
        call.stream().closeLocally();
        Object m = call.take();
        call.close();
        if (m instanceof dev.tractor.wire.Return r) {
            result = r.value();
            return result;
        }
        throw fail(call.unexpected(m));
    }

    @Override
    public <T> T result(Class<T> type) {
        return Values.convert(result(), type);
    }

    @Override
    public void cancel() {
        call.cancelRemote();
    }

    /** Waits for the result; when the thread was interrupted or the result fails, the remote task is cancelled. */
    @Override
    public synchronized void close() {
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
        } catch (TractorException e) {
            if (!call.ended()) {
                cancelAndDrain();
            }
            throw e;
        }
    }

    /** Leaving the block by an exception: cancel the remote task and wait (bounded) for its end. */
    void abort() {
        if (call.ended()) {
            call.close();
            return;
        }
        cancelAndDrain();
    }

    private void cancelAndDrain() {
        call.cancelRemote();
        long deadline = System.currentTimeMillis() + graceMillis;
        boolean interrupted = Thread.interrupted();
        try {
            while (!call.ended() && System.currentTimeMillis() < deadline) {
                call.poll(Math.max(1, deadline - System.currentTimeMillis()));
            }
        } catch (TractorException ignored) {
            // interrupted again while draining: stop waiting
        } finally {
            call.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RuntimeException fail(RuntimeException e) {
        failure = e;
        return e;
    }
}
