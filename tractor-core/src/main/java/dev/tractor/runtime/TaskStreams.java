package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.Context;
import dev.tractor.MsgStream;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Started;
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

    TaskStreams(RpcTask task) {
        this.task = task;
    }

    private StreamEndpoint endpoint() {
        StreamEndpoint e = endpoint;
        if (e == null) {
            synchronized (this) {
                e = endpoint;
                if (e == null) {
                    e = new StreamEndpoint(task.peer(), task.cid(), task.function(), task.actor().config().streamWindow(),
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

    /** Sends every item of a returned Stream, Iterable or Iterator as {@code yield}, then {@code stop}. */
    Object produce(Object source) throws InterruptedException {
        StreamEndpoint out = endpoint();
        if (source instanceof Stream<?> stream) {
            try (stream) {
                drain(stream.iterator(), out);
            }
        } else if (source instanceof Iterable<?> iterable) {
            drain(iterable.iterator(), out);
        } else if (source instanceof Iterator<?> iterator) {
            drain(iterator, out);
        } else if (source != null) {
            throw new IllegalStateException(task.function() + " returned " + source.getClass().getName()
                    + " where a Stream, Iterable or Iterator was declared");
        }
        out.sendStop();
        return null;
    }

    private void drain(Iterator<?> items, StreamEndpoint out) throws InterruptedException {
        while (items.hasNext()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("cancelled while streaming");
            }
            out.sendProduced(items.next());
        }
    }

    Object finishContext(Object result) {
        TaskContext c = context;
        if (c != null && !c.started) {
            throw new IllegalStateException(task.function() + " returned without calling ctx.started(...)");
        }
        return result;
    }

    /** The task has ended: a caller still sending learns it, our open stream is stopped. */
    void closeAll() {
        StreamEndpoint e = endpoint;
        if (e != null) {
            if (e.isOpen()) {
                e.sendStop();
            }
            e.closeLocally();
            e.terminate(null, "the context task " + task.function() + " in actor " + task.actor().uid() + " has ended");
        }
    }

    private final class TaskContext implements Context {
        private volatile boolean started;

        @Override
        public synchronized void started(Object value) {
            if (started) {
                throw new IllegalStateException("ctx.started(...) was called twice in " + task.function());
            }
            started = true;
            task.peer().send(new Started(task.cid(), value));
        }

        @Override
        public synchronized <T> MsgStream<T> openStream(Class<T> inType) {
            if (!started) {
                throw new IllegalStateException("ctx.openStream(...) was called before ctx.started(...) in " + task.function());
            }
            StreamEndpoint e = endpoint();
            e.open();
            return new MsgStreamImpl<>(e, inType, () -> {
                e.sendStop();
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
