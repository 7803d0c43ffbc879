package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;

/** Functions over {@link Money}, a type that maps only with its customizer. */
@ActorNamespace("prices")
public class Prices {

    @ActorFunction
    public Money add(Money a, Money b) {
        return a.plus(b);
    }

    /** How {@code value} arrived: its type and text, before any conversion. */
    @ActorFunction
    public String wireForm(Object value) {
        return value.getClass().getSimpleName() + ":" + value;
    }
}
