package dev.tractor.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads msgpack strings. {@code MessageUnpacker.unpackString()} allocates an 8 KiB decode buffer and a charset
 * decoder the first time each unpacker reads a string; as the codec makes one unpacker per frame, that cost
 * would be paid on every message. Decoding the payload bytes directly gives the same strings (malformed UTF-8
 * becomes U+FFFD in both) without it.
 */
final class Strings {

    private Strings() {
    }

    /** The next value, which must be a msgpack string. */
    static String read(MessageUnpacker u) throws IOException {
        int length = u.unpackRawStringHeader();
        return new String(u.readPayload(length), StandardCharsets.UTF_8);
    }
}
