package dev.tractor.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transcript and proofs of handshake version 2. */
class HandshakeCryptoTests {

    static final byte[] N1 = filled(1);
    static final byte[] N2 = filled(2);
    static final ActorUid A = new ActorUid("a", "11111111-1111-4111-8111-111111111111");
    static final ActorUid B = new ActorUid("b", "22222222-2222-4222-8222-222222222222");
    static final Address TO = Address.tcp("127.0.0.1", 4242);

    static byte[] filled(int b) {
        byte[] n = new byte[HandshakeCrypto.NONCE_BYTES];
        java.util.Arrays.fill(n, (byte) b);
        return n;
    }

    @Test
    void noncesAre32FreshBytes() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            byte[] n = HandshakeCrypto.nonce();
            assertThat(n).hasSize(32);
            assertThat(seen.add(java.util.HexFormat.of().formatHex(n))).isTrue();
        }
    }

    @Test
    void theTranscriptIsTheDocumentedLengthPrefixedLayout() {
        byte[] t = HandshakeCrypto.transcript("dialer", N1, N2, A, B, TO);
        ByteBuffer expected = ByteBuffer.allocate(t.length);
        for (Object f : List.of("tractor-handshake", "2", "dialer", N1, N2, "a", A.uuid(), "b", B.uuid(), "tcp",
                "127.0.0.1", "4242")) {
            byte[] b = f instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) f;
            expected.putInt(b.length).put(b);
        }
        assertThat(expected.remaining()).isZero();
        assertThat(t).isEqualTo(expected.array());
    }

    @Test
    void everyFieldChangesTheProof() {
        String cookie = "c";
        byte[] base = HandshakeCrypto.proof(cookie, HandshakeCrypto.transcript("dialer", N1, N2, A, B, TO));
        List<byte[]> variants = List.of(
                HandshakeCrypto.proof(cookie, HandshakeCrypto.transcript("listener", N1, N2, A, B, TO)),
                HandshakeCrypto.proof(cookie, HandshakeCrypto.transcript("dialer", N2, N1, A, B, TO)),
                HandshakeCrypto.proof(cookie, HandshakeCrypto.transcript("dialer", N1, N2, B, A, TO)),
                HandshakeCrypto.proof(cookie, HandshakeCrypto.transcript("dialer", N1, N2, A, B,
                        Address.tcp("127.0.0.1", 4243))),
                HandshakeCrypto.proof("d", HandshakeCrypto.transcript("dialer", N1, N2, A, B, TO)));
        for (byte[] v : variants) {
            assertThat(HandshakeCrypto.matches(base, v)).isFalse();
        }
        assertThat(HandshakeCrypto.matches(base, base.clone())).isTrue();
        assertThat(HandshakeCrypto.matches(base, null)).isFalse();
    }

    @Test
    void fieldsCannotBeShiftedIntoEachOther() {
        ActorUid ab = new ActorUid("ab", A.uuid());
        ActorUid shifted = new ActorUid("a", "b" + A.uuid());
        assertThat(HandshakeCrypto.transcript("dialer", N1, N2, ab, B, TO))
                .isNotEqualTo(HandshakeCrypto.transcript("dialer", N1, N2, shifted, B, TO));
    }
}
