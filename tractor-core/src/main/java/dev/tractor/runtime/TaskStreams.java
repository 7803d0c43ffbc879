package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.Context;
import dev.tractor.MsgStream;
import dev.tractor.TractorException;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Started;
import java.util.Collections;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The callee's streaming side of one task: producing a streaming function's items under flow control,
 * and the {@link Context} of a context function with its one bidirectional stream.
 */
final class TaskStreams {

    private final RpcTask task;
    private volatile StreamEndpoint endpoint;
    private volatile TaskContext context;
    private volatile boolean returned;

    TaskStreams(RpcTask task) {
        this.task = task;
    }

    private StreamEndpoint endpoint() {
        StreamEndpoint e = endpoint;
        if (e == null) {
            synchronized (this) {
                e = endpoint;
                if (e == null) {
                    e = new StreamEndpoint(task.peer(), task.cid(), task.function(),
                            cause -> null);
                    endpoint = e;
                }
            }
        }
        return e;
    }

    void deliver(Msg msg) {
        endpoint().deliver(msg);
    }

    Context context() {
        TaskContext c = context;
        if (c == null) {
            c = new TaskContext();
            context = c;
        }
        return c;
    }

    /**
     * Sends every item of a returned Stream, Iterable or Iterator as {@code yield}, then {@code stop}.
     * Items are pulled one at a time, only while the flow-control window allows. The source is closed
     * when the call ends (completed, cancelled or failed) if it is a Stream or otherwise AutoCloseable,
     * so its close handlers run. A failure sends no {@code stop}: the caller's receive raises the error.
     */
    Object produce(Object source) throws Exception {
        StreamEndpoint out = endpoint();
        if (source instanceof AutoCloseable closeable) {
            try (closeable) {
                drain(itemsOf(source), out);
            }
        } else {
            drain(itemsOf(source), out);
        }
        out.sendStop();
        return null;
    }

    private Iterator<?> itemsOf(Object source) {
        if (source instanceof Stream<?> stream) {
            return stream.iterator();
        } else if (source instanceof Iterable<?> iterable) {
            return iterable.iterator();
        } else if (source instanceof Iterator<?> iterator) {
            return iterator;
        } else if (source == null) {
            return Collections.emptyIterator();
        }
        throw new IllegalStateException(task.function() + " returned " + source.getClass().getName()
                + " where a Stream, Iterable or Iterator was declared");
    }

    /** Pulls the next item only once the window has room for it, so at most a window's worth is ever ahead. */
    private void drain(Iterator<?> items, StreamEndpoint out) throws InterruptedException {
        while (true) {
            out.reserve();
            if (!items.hasNext()) {
                return;
            }
            out.sendReserved(items.next());
        }
    }

    Object finishContext(Object result) {
        TaskContext c = context;
        if (c != null && !c.started) {
            throw new TractorException(task.function() + " returned without calling ctx.started(...)");
        }
        returned = true;
        return result;
    }

    /**
     * The task has ended: a stream the context function left open is stopped if it returned normally
     * (after a failure or cancellation the caller's receive raises the error instead), and senders in
     * this actor still using the stream fail.
     */
    void closeAll() {
        StreamEndpoint e = endpoint;
        if (e != null) {
            if (e.isOpen() && returned) {
                e.sendStop();
            }
            e.discard();
            e.terminate(null, "the task " + task.function() + " in actor " + task.actor().uid()
                    + " has ended, so nothing more can be sent on its stream");
        }
    }

    private final class TaskContext implements Context {
        private volatile boolean started;

        @Override
        public synchronized void started(Object value) {
            if (started) {
                throw new TractorException("ctx.started(...) was called twice in " + task.function()
                        + ": a context starts once; send further values on its stream (ctx.openStream)");
            }
            started = true;
            task.peer().send(new Started(task.cid(), value));
        }

        @Override
        public synchronized <T> MsgStream<T> openStream(Class<T> inType) {
            if (!started) {
                throw new TractorException("ctx.openStream(...) was called before ctx.started(...) in "
                        + task.function() + ": call ctx.started(value) first");
            }
            StreamEndpoint e = endpoint();
            e.open();
            return new MsgStreamImpl<>(e, inType, () -> {
                if (!task.isCancelled()) {
                    // a cancelled task ends with an error, which the caller's receive raises instead of an end
                    e.sendStop();
                }
                e.closeLocally();
            });
        }

        @Override
        public ActorUid caller() {
            return task.caller();
        }

        @Override
        public String cid() {
            return task.cid();
        }

        @Override
        public boolean isCancelled() {
            return task.isCancelled();
        }
    }
}
