package dev.tractor.spring.web;

import dev.tractor.ActorDied;
import dev.tractor.ActorStartFailed;
import dev.tractor.DeadlineExceeded;
import dev.tractor.RemoteActorError;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a web request whose handler let an actor failure escape with an RFC 9457 problem detail instead of a
 * bare 500: an error raised in another actor is a 502 naming the actor, the remote type and message; an actor that
 * died or could not start is a 503; a deadline that passed is a 504. Runs after the application's own advice
 * (lowest precedence), so an application can answer these differently. Opt out with
 * {@code tractor.web.problem-details.enabled=false}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ActorProblemDetails {

    @ExceptionHandler(RemoteActorError.class)
    public ProblemDetail remoteError(RemoteActorError e) {
        ProblemDetail p = problem(HttpStatus.BAD_GATEWAY, "An actor failed",
                "actor '" + e.source().name() + "' raised " + e.remoteType()
                        + (e.remoteMessage() == null ? "" : ": " + e.remoteMessage()));
        p.setProperty("actor", e.source().name());
        p.setProperty("actorUid", e.source().uuid());
        p.setProperty("remoteType", e.remoteType());
        p.setProperty("remoteMessage", e.remoteMessage());
        p.setProperty("relayedBy", e.relayedBy().stream().map(u -> u.name()).toList());
        return p;
    }

    @ExceptionHandler(ActorDied.class)
    public ProblemDetail actorDied(ActorDied e) {
        ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "An actor died", e.getMessage());
        p.setProperty("actor", e.actor().name());
        e.exitCode().ifPresent(code -> p.setProperty("exitCode", code));
        return p;
    }

    @ExceptionHandler(ActorStartFailed.class)
    public ProblemDetail startFailed(ActorStartFailed e) {
        ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "An actor could not start", e.getMessage());
        p.setProperty("actor", e.actorName());
        return p;
    }

    @ExceptionHandler(DeadlineExceeded.class)
    public ProblemDetail deadlineExceeded(DeadlineExceeded e) {
        ProblemDetail p = problem(HttpStatus.GATEWAY_TIMEOUT, "An actor call ran out of time", e.getMessage());
        p.setProperty("deadline", e.deadline().toString());
        return p;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        return p;
    }
}
