package dev.tractor;

/**
 * What one connected peer may take of an actor. A peer past a limit gets a clear error naming the limit and the
 * setting that raises it ({@code tractor.limits.*} in Spring, {@link TractorConfig.Builder#limits} in code); other
 * peers are unaffected. Children inherit their parent's limits.
 *
 * @param tasksPerPeer        how many tasks (plain calls, streams and contexts) one peer may have running here at
 *                            once; a {@code cmd} beyond it is answered with an error and runs nothing
 * @param outboundBufferBytes how many bytes may wait to be written to one peer before this actor's producers for
 *                            that peer (stream senders, tasks about to run) wait for it to read: a peer that stops
 *                            reading holds back only the work it asked for
 */
public record Limits(int tasksPerPeer, int outboundBufferBytes) {

    /** 16,384 tasks per peer, 1 MiB waiting to be written. */
    public static final Limits DEFAULTS = new Limits(16_384, 1 << 20);

    public Limits {
        if (tasksPerPeer < 1) {
            throw new IllegalArgumentException("tasksPerPeer must be at least 1, got " + tasksPerPeer);
        }
        if (outboundBufferBytes < 64 * 1024) {
            throw new IllegalArgumentException("outboundBufferBytes must be at least 65536, got " + outboundBufferBytes);
        }
    }

    public Limits withTasksPerPeer(int tasks) {
        return new Limits(tasks, outboundBufferBytes);
    }

    public Limits withOutboundBufferBytes(int bytes) {
        return new Limits(tasksPerPeer, bytes);
    }
}
