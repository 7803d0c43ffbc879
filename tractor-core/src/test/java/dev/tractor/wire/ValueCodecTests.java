package dev.tractor.wire;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueCodecTests {

    enum Color { RED, GREEN }

    record Blob(String name, byte[] data, Color color) {
    }

    /** A plain bean with getters and setters. */
    public static class Account {
        private String owner = "ann";
        private long balance = 12;

        public String getOwner() {
            return owner;
        }

        public void setOwner(String owner) {
            this.owner = owner;
        }

        public long getBalance() {
            return balance;
        }

        public void setBalance(long balance) {
            this.balance = balance;
        }
    }

    static byte[] pack(Object v) {
        return ValueCodec.toBytes(v);
    }

    static Object unpack(byte[] bytes) {
        Object v = ValueCodec.fromBytes(bytes);
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            Object reference = ReferenceValues.unpack(u);
            assertThat(u.hasNext()).isFalse();
            EnvelopeTests.assertSameMessage(new Yield("c", v), new Yield("c", reference), "the reference's reading");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return v;
    }

    /** The reference codec's bytes for {@code v}: mapped values first converted to maps by the mapper. */
    static byte[] referencePack(Object v) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        ReferenceValues.pack(p, v);
        return p.toByteArray();
    }

    static Object roundTrip(Object v) throws IOException {
        return unpack(pack(v));
    }

    @Test
    void scalars() throws IOException {
        assertThat(roundTrip(null)).isNull();
        assertThat(roundTrip(true)).isEqualTo(true);
        assertThat(roundTrip(false)).isEqualTo(false);
        assertThat(roundTrip(7)).isEqualTo(7);
        assertThat(roundTrip(-7)).isEqualTo(-7);
        assertThat(roundTrip((byte) 3)).isEqualTo(3);
        assertThat(roundTrip((short) -300)).isEqualTo(-300);
        assertThat(roundTrip(Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
        assertThat(roundTrip(5L)).isEqualTo(5);
        assertThat(roundTrip(Integer.MAX_VALUE + 1L)).isEqualTo(Integer.MAX_VALUE + 1L);
        assertThat(roundTrip(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(roundTrip(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(roundTrip(2.5)).isEqualTo(2.5);
        assertThat(roundTrip(1.5f)).isEqualTo(1.5);
        assertThat(roundTrip(Double.NaN)).isEqualTo(Double.NaN);
        assertThat(roundTrip("")).isEqualTo("");
        assertThat(roundTrip("grüße 🌍")).isEqualTo("grüße 🌍");
        assertThat(roundTrip('c')).isEqualTo("c");
        assertThat((byte[]) roundTrip(new byte[] {0, -1, 127})).containsExactly(0, -1, 127);
    }

    @Test
    void bigIntegers() throws IOException {
        BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        assertThat(roundTrip(max)).isEqualTo(max);
        assertThat(roundTrip(BigInteger.valueOf(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(roundTrip(BigInteger.TEN)).isEqualTo(10);
        assertThatThrownBy(() -> pack(max.add(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bits");
        assertThatThrownBy(() -> pack(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void integersUseTheSmallestFittingType() throws IOException {
        byte[] smallAsUint64 = {(byte) 0xcf, 0, 0, 0, 0, 0, 0, 0, 9};
        byte[] smallAsInt64 = {(byte) 0xd3, -1, -1, -1, -1, -1, -1, -1, -2};
        byte[] bigAsUint32 = {(byte) 0xce, -1, -1, -1, -1};
        assertThat(unpack(smallAsUint64)).isEqualTo(9);
        assertThat(unpack(smallAsInt64)).isEqualTo(-2);
        assertThat(unpack(bigAsUint32)).isEqualTo(0xffff_ffffL);
    }

    @Test
    void containers() throws IOException {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("list", Arrays.asList(1, null, "x"));
        map.put(1, "int key");
        map.put("inner", Map.of("deep", List.of(List.of(2.0))));
        assertThat(roundTrip(map)).isEqualTo(map).isInstanceOf(LinkedHashMap.class);
        assertThat(roundTrip(List.of())).isEqualTo(List.of()).isInstanceOf(ArrayList.class);
        assertThat(roundTrip(new LinkedHashSet<>(List.of("a", "b")))).isEqualTo(List.of("a", "b"));
        assertThat(roundTrip(new Object[] {"a", null, 3})).isEqualTo(Arrays.asList("a", null, 3));
        assertThat(roundTrip(new int[] {1, 2, 3})).isEqualTo(List.of(1, 2, 3));
        assertThat(roundTrip(new long[] {1L << 40})).isEqualTo(List.of(1L << 40));
        assertThat(roundTrip(new double[] {0.5})).isEqualTo(List.of(0.5));
        assertThat(roundTrip(new boolean[] {true})).isEqualTo(List.of(true));
    }

    @Test
    void enums() throws IOException {
        assertThat(roundTrip(Color.GREEN)).isEqualTo("GREEN");
        assertThat(ValueCodec.mapper().convertValue("RED", Color.class)).isEqualTo(Color.RED);
    }

    @Test
    void recordBecomesAMapAndKeepsItsBytes() throws IOException {
        Blob blob = new Blob("b", new byte[] {1, 2, 3}, Color.RED);
        Map<String, Object> map = MsgCodecTests.asMap(roundTrip(blob));
        assertThat(map).containsOnlyKeys("name", "data", "color").containsEntry("name", "b").containsEntry("color", "RED");
        assertThat((byte[]) map.get("data")).containsExactly(1, 2, 3);

        Blob back = ValueCodec.mapper().convertValue(map, Blob.class);
        assertThat(back.name()).isEqualTo("b");
        assertThat(back.data()).containsExactly(1, 2, 3);
        assertThat(back.color()).isEqualTo(Color.RED);
    }

    @Test
    void otherObjectsGoThroughJackson() throws IOException {
        UUID id = UUID.randomUUID();
        assertThat(roundTrip(id)).isEqualTo(id.toString());
        assertThat(roundTrip(new Account())).isEqualTo(Map.of("owner", "ann", "balance", 12));
        assertThat(roundTrip(new Object())).isEqualTo(Map.of());
        assertThat(roundTrip(List.of(new Blob("n", new byte[0], null)))).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);

        Map<String, Object> extra = new LinkedHashMap<>(Map.of("owner", "bo", "balance", 3, "unknown", true));
        Account account = ValueCodec.mapper().convertValue(extra, Account.class);
        assertThat(account.getOwner()).isEqualTo("bo");
        assertThat(account.getBalance()).isEqualTo(3);
    }

    @Test
    void extensionTypesAreReadAsUndecodableSoOnlyTheirCallFails() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packArrayHeader(3).packInt(1);
        p.packExtensionTypeHeader((byte) 5, 2).writePayload(new byte[] {1, 2});
        p.packInt(3);
        p.packString("next value");
        byte[] bytes = p.toByteArray();
        MsgpackReader r = new MsgpackReader().reset(bytes, 0, bytes.length);
        assertThat(r.value()).isInstanceOfSatisfying(Undecodable.class,
                bad -> assertThat(bad.reason()).contains("extension"));
        assertThat(r.value()).as("the whole value was skipped").isEqualTo("next value");
        assertThat(r.remaining()).isZero();
    }

    @Test
    void nestingIsBoundedAndTheDeepValueIsSkippedWhole() throws IOException {
        byte[] deep = new byte[100_002];
        Arrays.fill(deep, (byte) 0x91);
        deep[100_000] = (byte) 0xc0;
        deep[100_001] = 7;
        MsgpackReader r = new MsgpackReader().reset(deep, 0, deep.length);
        assertThat(r.value()).isInstanceOfSatisfying(Undecodable.class,
                bad -> assertThat(bad.reason()).contains("nested deeper than 256"));
        assertThat(r.value()).isEqualTo(7);
        assertThat(r.remaining()).isZero();

        List<Object> selfContaining = new ArrayList<>();
        selfContaining.add(selfContaining);
        assertThatThrownBy(() -> pack(selfContaining)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void hugeContainerHeadersDoNotAllocate() {
        byte[] claimsBillionItems = {(byte) 0xdd, 0x3f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
        assertThatThrownBy(() -> ValueCodec.fromBytes(claimsBillionItems))
                .isInstanceOf(dev.tractor.ProtocolError.class).hasMessageContaining("truncated frame")
                .hasMessageContaining("claims 1073741823 elements");
    }

    record Nested(String name, List<Blob> blobs, Map<String, Account> accounts, java.util.Optional<UUID> id) {
    }

    record Numbers(byte b, short s, int i, long l, float f, double d, java.math.BigDecimal decimal, BigInteger big,
                   char c, Integer nothing, int[] ints, long[] longs) {
    }

    static List<Object> mappedValues() {
        return List.of(new Blob("b", new byte[] {1, 2, 3}, Color.RED), new Blob(null, null, null), new Account(),
                new Object(), UUID.fromString("8a1f6c2e-0000-4000-8000-000000000009"),
                java.time.Instant.parse("2026-12-05T18:00:00.123Z"), java.time.LocalDate.of(2026, 12, 5),
                java.time.Duration.ofMillis(1500), java.time.ZonedDateTime.parse("2026-12-05T18:00:00+01:00[Europe/Paris]"),
                new Nested("n", List.of(new Blob("x", new byte[300], Color.GREEN)), Map.of("a", new Account()),
                        java.util.Optional.of(UUID.fromString("8a1f6c2e-0000-4000-8000-00000000000a"))),
                new Nested("e", List.of(), Map.of(), java.util.Optional.empty()),
                new Numbers((byte) -1, (short) 300, -70_000, 1L << 40, 2.5f, -0.1, new java.math.BigDecimal("3.75"),
                        BigInteger.ONE.shiftLeft(63), 'z', null, new int[] {1, -2}, new long[] {Long.MIN_VALUE}),
                new Numbers((byte) 0, (short) 0, 0, Long.MAX_VALUE, Float.NaN, Double.NEGATIVE_INFINITY,
                        new java.math.BigDecimal("1e400"), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), '✓', 7,
                        new int[0], new long[0]),
                List.of(new Account(), Map.of("blob", new Blob("m", new byte[] {9}, Color.RED))),
                java.util.Optional.of(new Blob("o", new byte[0], Color.GREEN)));
    }

    @Test
    void mappedValuesAreWrittenAsTheirMapsWouldBe() throws IOException {
        for (Object v : mappedValues()) {
            assertThat(pack(v)).as("%s", v).isEqualTo(referencePack(v));
            Object back = unpack(pack(v));
            assertThat(back).as("%s", v).isNotNull();
        }
    }

    /** Jackson's msgpack format writes a record as the codec does: a golden reference for mapped values. */
    @Test
    void recordsAreWrittenAsJacksonsMsgpackFormatWritesThem() throws IOException {
        org.msgpack.jackson.dataformat.MessagePackMapper msgpack = new org.msgpack.jackson.dataformat.MessagePackMapper();
        msgpack.findAndRegisterModules();
        for (Object v : List.of(new Blob("b", new byte[] {1, 2, 3}, Color.RED), new Account(),
                new Nested("n", List.of(new Blob("x", new byte[70_000], Color.GREEN)), Map.of(), java.util.Optional.empty()),
                List.of(new Blob("l", new byte[0], null)))) {
            assertThat(pack(v)).as("%s", v).isEqualTo(msgpack.writeValueAsBytes(v));
        }
    }

    @Test
    void aMappedValueThatCannotBeWrittenNamesItsType() {
        Object unserializable = new Object() {
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> pack(unserializable)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot serialize a " + unserializable.getClass().getName());
    }
}
