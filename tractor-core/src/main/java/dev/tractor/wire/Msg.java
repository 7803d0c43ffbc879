package dev.tractor.wire;

/** One protocol message: the content of exactly one frame. */
public sealed interface Msg permits Hello, Auth, Cmd, Functype, Started, Yield, Stop, Credit, Return, ErrorMsg, Ping,
        Unknown {

    /** The call id this message belongs to, or {@code null} for messages outside any call. */
    default String cid() {
        return null;
    }
}
