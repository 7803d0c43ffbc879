package dev.tractor.transport;

import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Frames;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
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
 * <p>A message that cannot be sent — an application value with no msgpack form, or a frame larger than the
 * frame limit — is dropped and handed to the {@link Unsendable} callback, on the event loop; the connection and
 * every other message on it are unaffected.
 */
public final class MessageWriter {

    /** Bounds one drain, so a busy producer cannot keep the event loop from reading. */
    private static final int MAX_BATCH = 1024;
    /** A buffer that has grown past this is written out and a new one started. */
    private static final int BUFFER_LIMIT = 64 * 1024;
    private static final int INITIAL_BUFFER = 512;

    /** Told, on the event loop, of each message that could not be sent and why. */
    @FunctionalInterface
    public interface Unsendable {
        /**
         * Returns the message to send in its place (an error for its call), or null for none. Once a replacement
         * is sent, the writer drops the rest of that call's messages, up to and including its final one.
         */
        Msg failed(Msg msg, RuntimeException why);
    }

    /** A message followed by what to run once it has been written to the socket. */
    private record Then(Msg msg, Runnable written) {
    }

    private final Channel channel;
    private final int maxFrameBytes;
    private final Unsendable unsendable;
    private final Queue<Object> queue = PlatformDependent.newMpscQueue();
    /** Calls whose remaining messages are dropped because one could not be sent; used by the event loop only. */
    private final Set<String> silenced = new HashSet<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Messages queued and not yet taken by a drain: what the channel's writability does not see yet. */
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final Runnable drain = this::drain;
    private volatile boolean loopGone;
    private volatile Runnable drained;

    /**
     * @param maxFrameBytes the largest frame this writer sends (the peer refuses larger ones)
     * @param unsendable    told of each message dropped because it could not be encoded or is too large
     */
    public MessageWriter(Channel channel, int maxFrameBytes, Unsendable unsendable) {
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
        this.unsendable = unsendable;
    }

    /**
     * How many messages are queued and not yet handed to the channel (whose outbound buffer, and so its writability,
     * does not count them yet).
     */
    public int queued() {
        return queued.get();
    }

    /** Runs {@code listener} on the event loop after each drain, once {@link #queued()} has gone down. */
    public void onDrained(Runnable listener) {
        this.drained = listener;
    }

    /** Queues {@code msg} for writing; never blocks. Messages sent after the channel closed are dropped. */
    public void send(Msg msg) {
        if (loopGone) {
            return;
        }
        queued.incrementAndGet();
        queue.offer(msg);
        scheduleDrain();
    }

    /**
     * Queues {@code msg} for writing and runs {@code written} on the event loop once it is written to the
     * socket, or was dropped (closed channel, unsendable value). Never blocks.
     */
    public void send(Msg msg, Runnable written) {
        if (loopGone) {
            written.run();
            return;
        }
        queued.incrementAndGet();
        queue.offer(new Then(msg, written));
        scheduleDrain();
    }

    /** Queues {@code first} and {@code second} for writing, usually in one write. */
    public void send(Msg first, Msg second) {
        if (loopGone) {
            return;
        }
        queued.addAndGet(2);
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
            dropQueued();
        }
    }

    private void drain() {
        scheduled.set(false);
        if (!channel.isActive()) {
            dropQueued();
            return;
        }
        ByteBuf out = null;
        boolean wrote = false;
        Object item;
        int n = 0;
        for (; n < MAX_BATCH && (item = queue.poll()) != null; n++) {
            if (out == null) {
                out = channel.alloc().heapBuffer(INITIAL_BUFFER);
            }
            Then then = item instanceof Then t ? t : null;
            Msg m = then != null ? then.msg() : (Msg) item;
            encode(m, out);
            if (then != null) {
                channel.write(out).addListener(f -> then.written().run());
                wrote = true;
                out = null;
            } else if (out.readableBytes() >= BUFFER_LIMIT) {
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
        queued.addAndGet(-n);
        Runnable listener = drained;
        if (listener != null && n > 0) {
            listener.run();
        }
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    /**
     * Appends {@code m} as one frame. One that cannot be sent leaves {@code out} as it was, is reported, and
     * its replacement, if any, is appended instead.
     */
    private void encode(Msg m, ByteBuf out) {
        if (!silenced.isEmpty() && m.cid() != null && silenced.contains(m.cid())) {
            if (m instanceof Return || m instanceof ErrorMsg) {
                silenced.remove(m.cid());
            }
            return;
        }
        RuntimeException why = write(m, out);
        if (why == null) {
            return;
        }
        Msg replacement = unsendable.failed(m, why);
        if (replacement != null && write(replacement, out) == null && m.cid() != null
                && !(m instanceof Return || m instanceof ErrorMsg)) {
            silenced.add(m.cid());
        }
    }

    /** Appends {@code m} as one frame, or leaves {@code out} as it was and says why it cannot be sent. */
    private RuntimeException write(Msg m, ByteBuf out) {
        int start = out.writerIndex();
        try {
            Frames.write(m, out);
        } catch (RuntimeException e) {
            return e;
        } catch (StackOverflowError e) {
            return new IllegalArgumentException("value nested too deeply to encode", e);
        }
        int frame = out.writerIndex() - start - Frames.LENGTH_BYTES;
        if (frame > maxFrameBytes) {
            out.writerIndex(start);
            return new IllegalArgumentException("its frame would take " + frame + " bytes, more than the frame limit of "
                    + maxFrameBytes + " bytes (maxFrameBytes)");
        }
        return null;
    }

    private void dropQueued() {
        Object item;
        int n = 0;
        while ((item = queue.poll()) != null) {
            n++;
            if (item instanceof Then then) {
                then.written().run();
            }
        }
        queued.addAndGet(-n);
        Runnable listener = drained;
        if (listener != null && n > 0) {
            listener.run();
        }
    }
}
