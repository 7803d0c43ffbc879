package dev.tractor.runtime;

import dev.tractor.ActorDied;
import dev.tractor.ActorStartFailed;
import dev.tractor.ActorUid;
import dev.tractor.TractorException;
import dev.tractor.spawn.ChildProcess;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child actor process owned by a nursery: waits for it to connect back, runs its one task for
 * {@code runInActor}, and cancels it — a graceful {@code self.cancel}, then a kill after the grace
 * period. Reports an unexpected exit to its nursery.
 */
final class ChildActor {

    private static final Logger log = LoggerFactory.getLogger(ChildActor.class);

    private final Actor actor;
    private final Nursery nursery;
    private final ActorUid uid;
    private final ChildProcess process;
    private final CompletableFuture<Peer> connected;
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final long spawnedAt = System.nanoTime();
    private volatile PortalImpl portal;
    private volatile boolean hasTask;

    ChildActor(Actor actor, Nursery nursery, ActorUid uid, ChildProcess process, CompletableFuture<Peer> connected) {
        this.actor = actor;
        this.nursery = nursery;
        this.uid = uid;
        this.process = process;
        this.connected = connected;
        process.onExit().thenRun(this::exited);
    }

    ActorUid uid() {
        return uid;
    }

    long pid() {
        return process.pid();
    }

    PortalImpl portal() {
        return portal;
    }

    boolean hasTask() {
        return hasTask;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean cancelRequested() {
        return cancelRequested.get();
    }

    /** Blocks until the child has connected back and handshaken, or fails with {@link ActorStartFailed}. */
    PortalImpl awaitStarted(Duration timeout) {
        try {
            CompletableFuture.anyOf(connected, process.onExit()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.kill();
            throw startFailed("did not connect back within " + timeout.toMillis() + " ms", null);
        } catch (InterruptedException e) {
            process.kill();
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while starting actor '" + uid.name() + "'; it was killed");
        } catch (ExecutionException e) {
            throw startFailed("failed to start: " + e.getCause(), e.getCause());
        } finally {
            actor.forgetAwaited(uid);
        }
        if (!connected.isDone()) {
            if (cancelRequested.get()) {
                throw new TractorException("actor '" + uid.name() + "' was cancelled while starting");
            }
            throw startFailed("exited with code " + process.exitCode(1000) + " before connecting back", null);
        }
        Peer peer = connected.join();
        peer.exitCodeLookup(fn -> process.exitCode(1000));
        portal = new PortalImpl(actor, peer, this);
        actor.events().actorSpawned(uid, process.pid(), Duration.ofNanos(System.nanoTime() - spawnedAt));
        return portal;
    }

    private ActorStartFailed startFailed(String what, Throwable cause) {
        String tail = process.outputTail();
        String text = "actor '" + uid.name() + "' (pid " + process.pid() + ") " + what
                + (tail.isEmpty() ? "" : "; its output ends with:\n" + tail);
        ActorStartFailed failed = new ActorStartFailed(text, uid.name(), tail, cause);
        actor.events().spawnFailed(uid.name(), Duration.ofNanos(System.nanoTime() - spawnedAt), failed);
        return failed;
    }

    /** Runs {@code ns.fn} in the child on a virtual thread, keeps its outcome, then ends the child. */
    void startTask(String ns, String fn, Map<String, ?> kwargs) {
        hasTask = true;
        Thread.ofVirtual().name("tractor-run-in-actor-" + uid.name()).start(() -> {
            try {
                result.complete(portal.run(ns, fn, kwargs));
            } catch (Throwable t) {
                result.completeExceptionally(t);
                if (!cancelRequested.get()) {
                    nursery.childFailed(this, t);
                }
            } finally {
                cancel();
            }
        });
    }

    /** The task's result; its error re-raised. Interruptible. */
    Object result() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while waiting for the result of actor '" + uid.name() + "'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new TractorException("actor '" + uid.name() + "' failed: " + e.getCause(), e.getCause());
        }
    }

    /** Waits for the task's outcome without raising it. */
    void awaitOutcome() throws InterruptedException {
        try {
            result.get();
        } catch (ExecutionException ignored) {
            // reported to the nursery already
        }
    }

    /** Cancels the child: graceful request, wait for the exit within the grace period, else kill. Idempotent; blocks until exited. */
    void cancel() {
        long grace = actor.config().cancelGracePeriod().toMillis();
        long deadline = System.currentTimeMillis() + grace;
        boolean first = cancelRequested.compareAndSet(false, true);
        boolean interrupted = Thread.interrupted();
        try {
            if (first) {
                askToCancel(deadline);
            }
            if (!process.waitFor(Math.max(0, deadline - System.currentTimeMillis()))) {
                if (process.isAlive()) {
                    log.warn("actor {} (pid {}) did not exit within {} ms of being cancelled; killing it",
                            uid, process.pid(), grace);
                }
                process.kill();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.kill();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void askToCancel(long deadline) {
        Peer peer = connected.getNow(null);
        if (peer == null || !peer.isOpen() || !process.isAlive()) {
            return;
        }
        try (Call call = peer.call("self", "cancel", Map.of())) {
            while (System.currentTimeMillis() < deadline) {
                Object m = call.poll(Math.max(1, deadline - System.currentTimeMillis()));
                if (m == null || call.ended()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.debug("cancel request to {} failed: {}", uid, e.toString());
        }
    }

    private void exited() {
        Peer peer = connected.getNow(null);
        if (peer != null && peer.isOpen()) {
            peer.close();
        }
        if (!cancelRequested.get() && !hasTask && portal != null) {
            Integer code = process.exitCode(0);
            nursery.childFailed(this, new ActorDied("actor " + uid + " (pid " + process.pid()
                    + ") exited unexpectedly with code " + code
                    + tailSuffix(), uid, code));
        }
        actor.events().actorExited(uid, process.exitCode(0), cancelRequested.get());
        nursery.childExited(this);
    }

    private String tailSuffix() {
        String tail = process.outputTail();
        return tail.isEmpty() ? "" : "; its output ends with:\n" + tail;
    }

    void kill() {
        cancelRequested.set(true);
        process.kill();
    }

    @Override
    public String toString() {
        return "ChildActor[" + uid + " pid " + process.pid() + "]";
    }
}
