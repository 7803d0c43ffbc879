package dev.tractor.wire;

/** A heartbeat: {@code {"ping": nil}}, sent on a connection that has carried nothing else for a while. */
public record Ping() implements Msg {

    /** The one ping there is. */
    public static final Ping INSTANCE = new Ping();
}
