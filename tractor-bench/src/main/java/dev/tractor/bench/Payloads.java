package dev.tractor.bench;

import java.util.ArrayList;
import java.util.List;

/** The payloads the workloads send: small ints, a 1 KiB record and a 64 KiB byte array. */
public final class Payloads {

    /** Size of the byte-array payload. */
    public static final int BLOB_BYTES = 64 * 1024;

    private static final Rec RECORD = buildRecord();
    private static final byte[] BLOB = buildBlob();

    private Payloads() {
    }

    /** The ~1 KiB record (shared, immutable). */
    public static Rec record() {
        return RECORD;
    }

    /** The 64 KiB byte array (shared; nobody writes to it). */
    public static byte[] blob() {
        return BLOB;
    }

    private static Rec buildRecord() {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(i % 3 == 0 ? i * 100_003 : i);
        }
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(14);
        return new Rec(1234567890123L, "benchmark-record", 3.14159, List.copyOf(values), text);
    }

    private static byte[] buildBlob() {
        byte[] b = new byte[BLOB_BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    /** The kinds of stream item the stream workloads carry. */
    public enum Item {
        /** A small int. */
        INT,
        /** The 1 KiB record. */
        REC,
        /** The 64 KiB byte array. */
        BLOB
    }
}
