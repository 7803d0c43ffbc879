package dev.tractor.runtime;

import dev.tractor.TractorException;
import dev.tractor.wire.Cmd;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Functype;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import java.lang.reflect.InvocationTargetException;

/**
 * Answers calls of plain functions marked {@code @ActorFunction(onEventLoop = true)} on the connection's event loop,
 * as they arrive: binds the arguments, invokes the method and sends the functype with the reply in one write. While
 * such a function runs, anything that would wait for another actor fails at once ({@link #refusal}), because
 * the answer it waited for could only arrive through an event loop it is holding.
 */
final class EventLoopCalls {

    private static final ThreadLocal<String> RUNNING = new ThreadLocal<>();

    private EventLoopCalls() {
    }

    /** Runs {@code spec} for {@code cmd} from {@code peer} on the calling (event loop) thread and sends the answer. */
    static void answer(Actor actor, Peer peer, Cmd cmd, FunctionSpec spec) {
        Msg reply;
        RUNNING.set(spec.qualifiedName());
        try {
            Object[] args = Arguments.bind(spec, cmd.kwargs(), null);
            reply = new Return(cmd.cid(), spec.method().invoke(spec.target(), args));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            reply = new ErrorMsg(cmd.cid(), ErrorBoxes.box(cause, actor.uid()));
        } catch (Throwable t) {
            reply = new ErrorMsg(cmd.cid(), ErrorBoxes.box(t, actor.uid()));
        } finally {
            RUNNING.remove();
        }
        peer.send(new Functype(cmd.cid(), Functype.Kind.ASYNCFUNC), reply);
    }

    /** Whether the current thread is running a function on an event loop, which must not wait for anything. */
    static boolean running() {
        return RUNNING.get() != null;
    }

    /** The error for a function on the event loop that was about to wait for {@code what} (a call, a connection). */
    static TractorException refusal(String what) {
        return new TractorException(RUNNING.get() + " runs on the event loop (@ActorFunction(onEventLoop = true)) and"
                + " cannot wait for " + what + ": remove onEventLoop to let it call other actors");
    }
}
