package dev.tractor.runtime;

import dev.tractor.ActorStatus;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.transport.Connection;
import dev.tractor.transport.NettyTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One actor's connections to other actors: the authenticated peers, dialing (reusing an open connection to the
 * same address), and what is running on them. Thread-safe.
 */
final class Peers {

    private static final long CONNECT_TIMEOUT_MS = 10_000;

    private final Actor actor;
    private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
    private final Map<Address, Peer> dialed = new ConcurrentHashMap<>();

    Peers(Actor actor) {
        this.actor = actor;
    }

    /** A peer authenticated on {@code connection}: it takes the connection's traffic from now on. */
    Peer accept(Connection connection, ActorUid peerUid, TractorConfig config) {
        Peer peer = new Peer(actor, connection, peerUid);
        connection.attach(peer);
        connection.serve(actor.uid(), peerUid, peer, config.heartbeat(), config.limits().outboundBufferBytes());
        peers.add(peer);
        return peer;
    }

    void remove(Peer peer) {
        peers.remove(peer);
    }

    /** The open connection to {@code target} this actor dialed before, or a new one. */
    Peer dialedOrDial(NettyTransport transport, Address own, Address target) {
        Peer peer = dialed.get(target);
        if (peer == null || !peer.isOpen()) {
            peer = dial(transport, own, target);
            dialed.put(target, peer);
        }
        return peer;
    }

    /**
     * Dials {@code target} and completes the handshake; an actor dialing its own address ({@code own}) does so
     * under an alias uid.
     */
    Peer dial(NettyTransport transport, Address own, Address target) {
        if (EventLoopCalls.running()) {
            throw EventLoopCalls.refusal("a connection to " + target);
        }
        ActorUid self = actor.uid();
        Connection conn = target.equals(own) ? transport.connect(target, ActorUid.random(self.name()))
                : transport.connect(target);
        try {
            conn.handshake().get(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            conn.close();
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new TractorException("handshake with " + target + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            conn.close();
            throw new TractorException("handshake with " + target + " did not complete within " + CONNECT_TIMEOUT_MS
                    + " ms");
        } catch (InterruptedException e) {
            conn.close();
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while connecting to " + target, e);
        }
        return conn.attachment(Peer.class);
    }

    /** Every task running for any peer. */
    List<RpcTask> tasks() {
        List<RpcTask> tasks = new ArrayList<>();
        for (Peer p : peers) {
            tasks.addAll(p.tasks());
        }
        return tasks;
    }

    List<ActorStatus.Task> status() {
        List<ActorStatus.Task> tasks = new ArrayList<>();
        for (RpcTask t : tasks()) {
            tasks.add(new ActorStatus.Task(t.function(), t.cid(), t.caller().toString(), t.startedAt()));
        }
        return tasks;
    }

    /** Lets what was sent to every peer go out (at most {@code flushNanos} in all), then closes every connection. */
    void closeAll(long flushNanos) {
        long flushBy = System.nanoTime() + flushNanos;
        peers.forEach(p -> p.flushWithin(Math.max(0, flushBy - System.nanoTime())));
        peers.forEach(Peer::close);
    }
}
