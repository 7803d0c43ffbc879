package dev.tractor.testing;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Functions whose values are awkward or impossible to send: each bad value must fail its own call only. */
@ActorNamespace("awkward")
public class Awkward {

    /** A list that contains itself: no msgpack form. */
    public static List<Object> cyclic() {
        List<Object> list = new ArrayList<>();
        list.add(list);
        return list;
    }

    /** A bean Jackson cannot write: its one property's getter throws. */
    public static final class Faulty {
        public String getName() {
            throw new IllegalStateException("the name is not ready");
        }
    }

    @ActorFunction
    public Object faultyResult() {
        return new Faulty();
    }

    @ActorFunction
    public String faultyStarted(Context ctx) {
        ctx.started(new Faulty());
        return "done";
    }

    @ActorFunction
    public Optional<String> maybe(boolean present) {
        return present ? Optional.of("here") : Optional.empty();
    }

    @ActorFunction
    public Optional<String> optionalIn(Optional<String> value) {
        return value.map(v -> v + "!");
    }

    @ActorFunction
    public Instant later(Instant when, Duration by) {
        return when.plus(by);
    }

    @ActorFunction
    public Object cyclicResult() {
        return cyclic();
    }

    /** A result larger than the frame limit. */
    @ActorFunction
    public byte[] huge(int bytes) {
        return new byte[bytes];
    }

    /** Two good items, then one that cannot be encoded, then more good ones. */
    @ActorFunction
    public Stream<Object> badThirdItem() {
        return Stream.of(1, 2, cyclic(), 4, 5);
    }

    @ActorFunction
    public String badStarted(Context ctx) {
        ctx.started(cyclic());
        return "done";
    }

    /** Anything it is given. */
    @ActorFunction
    public Object echo(Object value) {
        return value;
    }
}
