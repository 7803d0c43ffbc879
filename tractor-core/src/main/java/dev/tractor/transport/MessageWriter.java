package dev.tractor.transport;

import dev.tractor.wire.Frames;
import dev.tractor.wire.Msg;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends messages on a channel from any thread, in the order they were given, coalescing writes: messages
 * queue up, and one task on the channel's event loop encodes everything queued into as few buffers as it
 * can and flushes once. A thread sending many messages in a row (a stream's producer) therefore costs the
 * event loop one wake-up, one buffer and one system call per batch rather than per message.
 *
 * <p>Ordering: a message sent before another by the same thread (or otherwise before it in happens-before
 * order) is written before it; a {@code channel.write} issued after {@link #send} returned is written after
 * the sent message too, because the drain task that takes it is scheduled before that write.
 *
 * <p>A message that cannot be encoded (an application value with no msgpack form) is dropped and its error
 * raised through the pipeline's {@code exceptionCaught}, as the pipeline's own encoder would.
 */
public final class MessageWriter {

    /** Bounds one drain, so a busy producer cannot keep the event loop from reading. */
    private static final int MAX_BATCH = 1024;
    /** A buffer that has grown past this is written out and a new one started. */
    private static final int BUFFER_LIMIT = 64 * 1024;
    private static final int INITIAL_BUFFER = 512;

    private final Channel channel;
    private final Queue<Msg> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private volatile boolean loopGone;

    public MessageWriter(Channel channel) {
        this.channel = channel;
    }

    /** Queues {@code msg} for writing; never blocks. Messages sent after the channel closed are dropped. */
    public void send(Msg msg) {
        if (loopGone) {
            return;
        }
        queue.offer(msg);
        scheduleDrain();
    }

    /** Queues {@code first} and {@code second} for writing, usually in one write. */
    public void send(Msg first, Msg second) {
        if (loopGone) {
            return;
        }
        queue.offer(first);
        queue.offer(second);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            channel.eventLoop().execute(drain);
        } catch (RejectedExecutionException e) {
            // the event loop has shut down, so the channel is closed: nothing can be written any more
            loopGone = true;
        }
    }

    private void drain() {
        scheduled.set(false);
        if (!channel.isActive()) {
            queue.clear();
            return;
        }
        ByteBuf out = null;
        boolean wrote = false;
        Msg m;
        for (int n = 0; n < MAX_BATCH && (m = queue.poll()) != null; n++) {
            if (out == null) {
                out = channel.alloc().heapBuffer(INITIAL_BUFFER);
            }
            try {
                Frames.write(m, out);
            } catch (RuntimeException e) {
                channel.pipeline().fireExceptionCaught(e);
                continue;
            }
            if (out.readableBytes() >= BUFFER_LIMIT) {
                channel.write(out, channel.voidPromise());
                wrote = true;
                out = null;
            }
        }
        if (out != null) {
            if (out.isReadable()) {
                channel.write(out, channel.voidPromise());
                wrote = true;
            } else {
                out.release();
            }
        }
        if (wrote) {
            channel.flush();
        }
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }
}
