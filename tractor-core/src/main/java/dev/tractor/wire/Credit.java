package dev.tractor.wire;

import java.util.Objects;

/**
 * Flow control: the receiver of a stream grants {@code n} more {@code yield}s: {@code {"credit": n, "cid": cid}}.
 *
 * @param cid the call id
 * @param n   the number of items granted, not negative
 */
public record Credit(String cid, int n) implements Msg {

    public Credit {
        Objects.requireNonNull(cid, "cid");
        if (n < 0) {
            throw new IllegalArgumentException("credit must not be negative: " + n);
        }
    }
}
