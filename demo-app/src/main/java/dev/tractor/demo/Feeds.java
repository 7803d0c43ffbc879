package dev.tractor.demo;

import dev.tractor.ActorFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** A streaming function: its items are sent lazily, under flow control. */
public class Feeds {

    @ActorFunction
    public Stream<Integer> count(int to) {
        return IntStream.range(0, to).boxed();
    }
}
