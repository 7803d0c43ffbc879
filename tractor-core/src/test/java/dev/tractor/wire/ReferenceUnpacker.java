package dev.tractor.wire;

import dev.tractor.ProtocolError;
import java.io.IOException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;

/**
 * The former production decoder's unpacker, kept as the reference of the differential tests: an unpacker over one whole frame that refuses a header claiming more than the frame still holds — a string or
 * binary longer than the bytes left, an array or map with more elements than could fit — before anything is
 * allocated for it: a small frame cannot make the decoder allocate a large claimed length.
 */
final class ReferenceUnpacker extends MessageUnpacker {

    private final int length;

    ReferenceUnpacker(byte[] bytes, int offset, int length) {
        super(new ArrayBufferInput(bytes, offset, length), MessagePack.DEFAULT_UNPACKER_CONFIG);
        this.length = length;
    }

    @Override
    public int unpackRawStringHeader() throws IOException {
        return claim(super.unpackRawStringHeader(), 1, "string");
    }

    @Override
    public int unpackBinaryHeader() throws IOException {
        return claim(super.unpackBinaryHeader(), 1, "binary");
    }

    @Override
    public int unpackArrayHeader() throws IOException {
        return claim(super.unpackArrayHeader(), 1, "array");
    }

    @Override
    public int unpackMapHeader() throws IOException {
        return claim(super.unpackMapHeader(), 2, "map");
    }

    /** {@code n} items of at least {@code bytesEach} must fit in what is left of the frame. */
    private int claim(int n, int bytesEach, String what) {
        long left = length - getTotalReadBytes();
        if (n < 0 || (long) n * bytesEach > left) {
            throw new ProtocolError("truncated frame: a msgpack " + what + " claims " + Integer.toUnsignedString(n)
                    + (bytesEach == 1 && !what.equals("array") ? " bytes" : " elements") + " but only " + left
                    + " bytes of the " + length + "-byte frame are left");
        }
        return n;
    }
}
