package dev.tractor.runtime;

import dev.tractor.ActorDied;
import dev.tractor.ActorStartFailed;
import dev.tractor.ActorUid;
import dev.tractor.ContextCancelled;
import dev.tractor.RemoteActorError;
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
    private static final long EXIT_HANDLING_MS = 2_000;

    private final Actor actor;
    private final Nursery nursery;
    private final ActorUid uid;
    private final ChildProcess process;
    private final CompletableFuture<Peer> connected;
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final long spawnedAt = System.nanoTime();
    private final CompletableFuture<Void> exitHandled;
    private volatile PortalImpl portal;
    private volatile boolean hasTask;

    ChildActor(Actor actor, Nursery nursery, ActorUid uid, ChildProcess process, CompletableFuture<Peer> connected) {
        this.actor = actor;
        this.nursery = nursery;
        this.uid = uid;
        this.process = process;
        this.connected = connected;
        this.exitHandled = process.onExit().thenRun(this::exited);
    }

    ActorUid uid() {
        return uid;
    }

    long pid() {
        return process.pid();
    }

    /** Where the child runs beyond its pid (a pod's name and node, say); empty for a local process. */
    Map<String, String> placement() {
        return process.placement();
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

    /** Whether the child has connected back (and so serves). */
    boolean isStarted() {
        return connected.isDone() && !connected.isCompletedExceptionally();
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
            throw new TractorException("interrupted while starting actor '" + uid.name() + "'; it was killed", e);
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
        peer.childProcess(process);
        portal = new PortalImpl(actor, peer, this);
        actor.events().actorSpawned(uid, process.pid(), Duration.ofNanos(System.nanoTime() - spawnedAt));
        return portal;
    }

    private ActorStartFailed startFailed(String what, Throwable cause) {
        String tail = process.outputTail();
        String text = "actor '" + uid.name() + "' (" + process.describe() + ") " + what
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
                Object value = portal.run(ns, fn, kwargs);
                nursery.taskSucceeded(this, value);   // before the outcome is visible, as a failure is
                result.complete(value);
            } catch (Throwable t) {
                if (!causedByCancel(t)) {
                    nursery.childFailed(this, t);   // before the outcome is visible, so close() cannot miss it
                }
                result.completeExceptionally(t);
            } finally {
                cancel();
            }
        });
    }

    /** The task's outcome, for a supervisor that settles a cancelled child by it. */
    CompletableFuture<Object> outcome() {
        return result;
    }

    /** Whether {@code t} is only the echo of cancelling this child (a genuine remote error never is). */
    private boolean causedByCancel(Throwable t) {
        boolean genuine = t instanceof RemoteActorError && !(t instanceof ContextCancelled);
        return cancelRequested.get() && !genuine;
    }

    /** The task's result; its error re-raised (as a fresh exception, see {@link #reraisable}). Interruptible. */
    Object result() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while waiting for the result of actor '" + uid.name() + "'", e);
        } catch (ExecutionException e) {
            throw reraisable(e.getCause(), uid.name());
        }
    }

    /**
     * A fresh exception equal to the task's error. The nursery's {@code close()} throws the original, and
     * a try-with-resources around both {@code result()} and the nursery must not suppress an exception
     * into itself.
     */
    static RuntimeException reraisable(Throwable t, String name) {
        return switch (t) {
            case ContextCancelled c -> new ContextCancelled(c.getMessage(), c.remoteType(), c.remoteMessage(),
                    c.remoteTraceback(), c.source(), c.relayedBy());
            case RemoteActorError r -> new RemoteActorError(r.getMessage(), r.remoteType(), r.remoteMessage(),
                    r.remoteTraceback(), r.source(), r.relayedBy());
            case ActorDied d -> new ActorDied(d.getMessage(), d.actor(),
                    d.exitCode().isPresent() ? d.exitCode().getAsInt() : null);
            default -> new TractorException("actor '" + name + "' failed: " + t.getMessage(), t);
        };
    }

    /** Waits for the task's outcome without raising it. */
    void awaitOutcome() throws InterruptedException {
        try {
            result.get();
        } catch (ExecutionException ignored) {
            // reported to the nursery already
        }
    }

    /**
     * Cancels the child: graceful request, wait for the exit within the grace period, else kill; a child
     * that has not connected back yet is killed at once. Idempotent; blocks until the child has exited
     * and its exit has been handled (so a death it reports is known to the nursery).
     */
    /** Whether the child answered a cancel request: it is closing, and its stdin can be closed. */
    private volatile boolean cancelAnswered;

    void cancel() {
        long grace = actor.config().cancelGracePeriod().toMillis();
        Deadline deadline = Deadline.after(actor.config().cancelGracePeriod());
        // a child that already died is not marked: its death stays an unexpected one
        boolean first = process.isAlive() && cancelRequested.compareAndSet(false, true);
        boolean interrupted = Thread.interrupted();
        try {
            if (first && !askToCancel(deadline)) {
                process.kill();
            }
            if (cancelAnswered) {
                process.closeStdin();   // it is exiting: nothing of it may stay blocked reading stdin
            }
            if (!process.waitFor(deadline.remainingMillis())) {
                if (process.isAlive()) {
                    log.warn("actor {} ({}) did not exit within {} ms of being cancelled; killing it",
                            uid, process.describe(), grace);
                }
                process.kill();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.kill();
        } finally {
            awaitExitHandled();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitExitHandled() {
        try {
            exitHandled.get(EXIT_HANDLING_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("handling the exit of {} did not finish: {}", uid, e.toString());
        }
    }

    /** Sends {@code self.cancel} and waits for its answer; false when there is no connection to ask over yet. */
    private boolean askToCancel(Deadline deadline) {
        Peer peer = connected.getNow(null);
        if (peer == null) {
            return false;
        }
        if (!peer.isOpen() || !process.isAlive()) {
            return true;
        }
        try (Call call = peer.call("self", "cancel", Map.of())) {
            call.awaitEnd(deadline);
            cancelAnswered = call.answered();
        } catch (RuntimeException e) {
            log.debug("cancel request to {} failed: {}", uid, e.toString());
        }
        return true;
    }

    private void exited() {
        Peer peer = connected.getNow(null);
        if (peer != null && peer.isOpen()) {
            peer.close();
        }
        if (!cancelRequested.get() && !hasTask && portal != null) {
            Integer code = process.exitCode(0);
            nursery.childFailed(this, new ActorDied("actor " + uid + " (" + process.describe()
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
        return "ChildActor[" + uid + " " + process.describe() + "]";
    }
}
