package dev.tractor.demo.spring;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Context;
import dev.tractor.MsgStream;
import org.springframework.stereotype.Component;

/** A context function: says it joined, then answers each message on a bidirectional stream. */
@Component
@ActorNamespace("chat")
public class ChatFunctions {

    @ActorFunction
    public int room(Context ctx, String topic) {
        ctx.started("joined " + topic);
        int messages = 0;
        try (MsgStream<String> stream = ctx.openStream(String.class)) {
            for (String msg : stream) {
                stream.send("[" + topic + "] " + msg);
                messages++;
            }
        }
        return messages;
    }
}
