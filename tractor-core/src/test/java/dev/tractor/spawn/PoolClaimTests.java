package dev.tractor.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claim a pooled child waits for on stdin: read back as written, an ended stdin, and what is not a claim. */
class PoolClaimTests {

    @Test
    void aClaimReadsBackAsWrittenEvenWithAwkwardValues() throws IOException {
        PoolClaim claim = new PoolClaim(new ActorUid("worker = 1", "0b5c6c3e-0000-4000-8000-000000000001"),
                Address.tcp("127.0.0.1", 4242), Map.of("TRACTOR_COOKIE", "c=o:o\\kie\n#x", "TRACTOR_CONFIG", "a=1\nb=2\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        claim.writeTo(out);
        assertThat(PoolClaim.readFrom(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(claim);
    }

    @Test
    void anEndedStdinMeansThePoolIsGone() throws IOException {
        assertThat(PoolClaim.readFrom(new ByteArrayInputStream(new byte[0]))).isNull();
        assertThat(PoolClaim.readFrom(new ByteArrayInputStream(new byte[] {0, 0, 0, 10, 'a'}))).isNull();
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> PoolClaim.readFrom(new ByteArrayInputStream(new byte[] {0x7f, 0, 0, 0})))
                .isInstanceOf(IOException.class).hasMessageContaining("not a pool claim");
        assertThatThrownBy(() -> PoolClaim.readFrom(new ByteArrayInputStream(new byte[] {0, 0, 0, 3, 'a', '=', 'b'})))
                .isInstanceOf(IOException.class).hasMessageContaining("missing");
    }
}
