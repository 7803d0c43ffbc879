package dev.tractor.demo;

import dev.tractor.ActorFunction;
import dev.tractor.Context;
import dev.tractor.MsgStream;

/** A context function: tells the caller it started, then echoes a bidirectional stream. */
public class Echo {

    @ActorFunction
    public int server(Context ctx, int start) {
        ctx.started(start);
        int echoed = 0;
        try (MsgStream<String> stream = ctx.openStream(String.class)) {
            for (String msg : stream) {
                stream.send(msg.toUpperCase());
                echoed++;
            }
        }
        return echoed;
    }
}
