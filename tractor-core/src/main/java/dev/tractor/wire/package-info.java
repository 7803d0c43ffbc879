/**
 * The wire protocol (see {@code PROTOCOL.md}): the message records, their msgpack encoding, and the Netty
 * handlers that frame them with a 4-byte big-endian length.
 */
package dev.tractor.wire;
