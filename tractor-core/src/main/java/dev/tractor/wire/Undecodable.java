package dev.tractor.wire;

/**
 * An application value that arrived in a well-formed frame but cannot be decoded (nested deeper than the limit,
 * or of a msgpack extension type). It stands in for the value so that only the call it belongs to fails.
 *
 * @param reason why it cannot be decoded
 */
public record Undecodable(String reason) {
}
