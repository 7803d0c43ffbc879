package dev.tractor.demo.spring;

import dev.tractor.ActorFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * A streaming function. No {@code @ActorNamespace}: its namespace is the bean name, {@code ticker}.
 * Items are produced lazily and sent under flow control.
 */
@Component("ticker")
public class TickerFunctions {

    @ActorFunction
    public Stream<String> ticks(int count) {
        return IntStream.range(0, count).mapToObj(i -> "tick-" + i);
    }
}
