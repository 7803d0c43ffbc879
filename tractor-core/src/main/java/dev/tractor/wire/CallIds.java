package dev.tractor.wire;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New call ids ({@code cid}): random UUID v4 strings, as the protocol describes them. A cid only has to be
 * unique among the calls of its (authenticated) connection, not secret, so it is drawn from
 * {@link ThreadLocalRandom} rather than from {@code UUID.randomUUID()}'s {@code SecureRandom}, which is
 * slower and serialises callers on a lock.
 */
public final class CallIds {

    private CallIds() {
    }

    /** A fresh call id. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
