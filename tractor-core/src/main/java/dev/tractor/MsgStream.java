package dev.tractor;

/** A bidirectional stream inside a context: both sides send and receive. */
public interface MsgStream<T> extends ReceiveStream<T> {

    /** Sends one item; blocks (interruptibly) while the flow-control window is used up. */
    void send(Object item);
}
