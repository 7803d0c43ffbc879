package dev.tractor.runtime;

import dev.tractor.wire.Cmd;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import dev.tractor.wire.Started;
import dev.tractor.wire.Yield;
import java.util.Map;

/** Words for a message that could not be sent: which value of the call it carried, and why it failed. */
final class Unsendables {

    private Unsendables() {
    }

    /** E.g. "the result (a java.util.Optional)", "the arguments (x: a Foo)". */
    static String describe(Msg msg) {
        return what(msg) + switch (msg) {
            case Return r -> typeOf(r.value());
            case Yield y -> typeOf(y.value());
            case Started s -> typeOf(s.value());
            case Cmd c -> argumentTypes(c.kwargs());
            default -> "";
        };
    }

    /** E.g. "the result", "a stream item". */
    static String what(Msg msg) {
        return switch (msg) {
            case Return r -> "the result";
            case Yield y -> "a stream item";
            case Started s -> "the started value";
            case Cmd c -> "the arguments";
            default -> "a " + msg.getClass().getSimpleName() + " message";
        };
    }

    /** The failure's own message, or its type where it has none. */
    static String reason(Throwable why) {
        String text = why.getMessage();
        return text == null || text.isBlank() ? why.getClass().getName() : text;
    }

    private static String typeOf(Object value) {
        return value == null ? "" : " (a " + value.getClass().getName() + ")";
    }

    private static String argumentTypes(Map<String, Object> kwargs) {
        StringBuilder s = new StringBuilder(" (");
        kwargs.forEach((name, value) -> s.append(s.length() > 2 ? ", " : "").append(name).append(": ")
                .append(value == null ? "null" : "a " + value.getClass().getName()));
        return s.append(')').toString();
    }
}
