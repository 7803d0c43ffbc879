package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.RemoteActorError;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.testing.Money;
import dev.tractor.testing.NoLeaks;
import dev.tractor.testing.Prices;
import dev.tractor.wire.ValueCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A configured value mapper, with a real child that makes its own customizer. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ValueMapperTests {

    private static TractorConfig.Builder config() {
        return TractorConfig.builder().name("root").enableModules(Prices.class)
                .cancelGracePeriod(Duration.ofSeconds(2));
    }

    @Test
    void aCustomizerMapsAValueTypeBothWaysAndAChildMakesItsOwn() {
        try (ActorRuntime rt = Tractor.openRoot(config().valueMapper(new Money.AsText()).build())) {
            rt.withNursery(n -> {
                Portal prices = n.startActor("prices");
                Money sum = prices.run("prices", "add",
                        Map.of("a", Money.of("12.50", "EUR"), "b", Money.of("0.75", "EUR")), Money.class);
                assertThat(sum).isEqualTo(Money.of("13.25", "EUR"));
                // the customizer's form is what travels: text, not a map of the bean's properties
                assertThat(prices.run("prices", "wireForm", Map.of("value", Money.of("1.5", "USD"))))
                        .isEqualTo("String:1.5 USD");
                return null;
            });
        }
    }

    @Test
    void withoutTheCustomizerTheValueFailsOnlyItsCallNamingTheArgument() {
        try (ActorRuntime rt = Tractor.openRoot(config().build())) {
            rt.withNursery(n -> {
                Portal prices = n.startActor("prices");
                assertThat(prices.run("prices", "wireForm", Map.of("value", Money.of("1.5", "USD")), String.class))
                        .startsWith("LinkedHashMap:").contains("currency=USD");
                assertThatThrownBy(() -> prices.run("prices", "add",
                        Map.of("a", Money.of("1", "EUR"), "b", Money.of("2", "EUR"))))
                        .isInstanceOf(RemoteActorError.class).hasMessageContaining("prices.add")
                        .hasMessageContaining("'a'");
                assertThat(prices.run("prices", "wireForm", Map.of("value", 7))).isEqualTo("Integer:7");
                return null;
            });
        }
    }

    @Test
    void aCustomizerAChildCannotMakeFailsTheStartNamingIt() {
        TractorConfig config = config().valueMapper(mapper -> { }).build();
        try (ActorRuntime rt = Tractor.openRoot(config)) {
            rt.withNursery(n -> {
                assertThatThrownBy(() -> n.startActor("prices")).isInstanceOf(TractorException.class)
                        .hasMessageContaining("value mapper customizer")
                        .hasMessageContaining("public no-arg constructor");
                return null;
            });
        }
    }

    @Test
    void theDefaultMapperIsBackOnceTheCustomisedActorCloses() {
        try (ActorRuntime rt = Tractor.openRoot(config().valueMapper(new Money.AsText()).build())) {
            assertThat(ValueCodec.mapper().convertValue(Money.of("2", "EUR"), Object.class)).isEqualTo("2 EUR");
        }
        assertThat(ValueCodec.mapper().convertValue(Money.of("2", "EUR"), Object.class)).isInstanceOf(Map.class);
    }

    @Test
    void aFailingCustomizerFailsTheStartNamingIt() {
        TractorConfig config = config().valueMapper(mapper -> {
            throw new IllegalStateException("no such module");
        }).build();
        assertThatThrownBy(() -> Tractor.openRoot(config)).isInstanceOf(TractorException.class)
                .hasMessageContaining("value mapper customizer").hasMessageContaining("no such module");
    }
}
