package dev.tractor.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Remembers the short strings of the message envelopes one connection receives (kind keys, {@code "cid"}, the
 * cids of the calls in progress, names), so that the same bytes decode to the same {@code String} instance:
 * no allocation, and its hash code, used to route the message, is computed once. A small direct-mapped
 * table; a miss simply decodes and replaces the entry. Not thread-safe: one per connection, used by its
 * event loop.
 */
public final class StringCache {

    private static final int SLOTS = 64;
    private static final int MAX_CACHED_BYTES = 64;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** The string in {@code length} bytes of {@code bytes} from {@code from} (UTF-8). */
    String read(byte[] bytes, int from, int length) {
        if (length > MAX_CACHED_BYTES) {
            return new String(bytes, from, length, StandardCharsets.UTF_8);
        }
        int to = from + length;
        int slot = slot(bytes, from, to);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, from, to)) {
            return values[slot];
        }
        String s = new String(bytes, from, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, from, to);
        values[slot] = s;
        return s;
    }

    private static int slot(byte[] bytes, int from, int to) {
        int h = to - from;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
