package dev.tractor.runtime;

/**
 * Delivered to a call's inbox when the connection to its peer is lost.
 *
 * @param silent whether this actor closed it because the peer was silent beyond the heartbeat tolerance (the
 *               peer is suspected dead, not known to be)
 */
record PeerGone(String reason, boolean silent) {

    PeerGone(String reason) {
        this(reason, false);
    }
}
