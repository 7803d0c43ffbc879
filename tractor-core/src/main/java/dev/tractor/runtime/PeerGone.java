package dev.tractor.runtime;

/** Delivered to a call's inbox when the connection to its peer is lost. */
record PeerGone(String reason) {
}
