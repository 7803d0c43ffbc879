package dev.tractor.testing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tractor.ValueMapperCustomizer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A value type Jackson cannot map on its own (no creator, no setters), and the customizer that maps it as text such
 * as {@code "12.50 EUR"}.
 */
public final class Money {

    private final BigDecimal amount;
    private final String currency;

    private Money(BigDecimal amount, String currency) {
        this.amount = amount;
        this.currency = currency;
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(amount.add(other.amount), currency);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money m && amount.compareTo(m.amount) == 0 && currency.equals(m.currency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount.stripTrailingZeros(), currency);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }

    /** Maps {@link Money} as {@code "<amount> <currency>"}. Public with a no-arg constructor, so children make their own. */
    public static final class AsText implements ValueMapperCustomizer {

        @Override
        public void customize(ObjectMapper mapper) {
            SimpleModule module = new SimpleModule("money-as-text");
            module.addSerializer(Money.class, new StdSerializer<>(Money.class) {
                @Override
                public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeString(value.toString());
                }
            });
            module.addDeserializer(Money.class, new StdDeserializer<>(Money.class) {
                @Override
                public Money deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                    String[] parts = p.getValueAsString().split(" ");
                    return Money.of(parts[0], parts[1]);
                }
            });
            mapper.registerModule(module);
        }
    }
}
