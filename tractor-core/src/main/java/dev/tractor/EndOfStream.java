package dev.tractor;

/** Raised by {@code receive()} once the sender has sent {@code stop}: the stream has no more items. */
public class EndOfStream extends TractorException {

    public EndOfStream(String message) {
        super(message);
    }
}
