package dev.tractor.spring.health;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorStatus;
import dev.tractor.spring.ChildActorMonitor;
import dev.tractor.spring.ManagedActorRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code tractor} health indicator. DOWN while the actor runtime is not open; while one of this actor's
 * supervisors (a supervising nursery, or a service's) has given up and is still open (a service stays so until it
 * is asked for again, which starts it afresh); and after a child actor died unexpectedly (exited without being
 * cancelled) until a child has come up again. UP otherwise. Details: the actor's name, uid and address, the number
 * of live children, crashes and start failures, the last crash, how many supervisors gave up and the last one with
 * its failures, and the supervisors that gave up and are still open.
 */
public class TractorHealthIndicator extends AbstractHealthIndicator {

    private final ActorRuntime runtime;
    private final ChildActorMonitor monitor;

    public TractorHealthIndicator(ActorRuntime runtime, ChildActorMonitor monitor) {
        super("Tractor health check failed");
        this.runtime = runtime;
        this.monitor = monitor;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Optional<ActorRuntime> actor = ManagedActorRuntime.ifOpen(runtime);
        if (actor.isEmpty()) {
            builder.down().withDetail("reason", "the actor runtime is not running");
            return;
        }
        ActorRuntime a = actor.get();
        builder.withDetail("actor", a.uid().name())
                .withDetail("uid", a.uid().uuid())
                .withDetail("address", a.address().toString())
                .withDetail("children", monitor.liveChildren().size())
                .withDetail("crashes", monitor.crashCount())
                .withDetail("startFailures", monitor.startFailureCount());
        monitor.lastCrash().ifPresent(c -> builder.withDetail("lastCrash", describe(c)));
        if (monitor.gaveUpCount() > 0) {
            builder.withDetail("supervisorsGaveUp", monitor.gaveUpCount());
            monitor.lastGiveUp().ifPresent(g -> builder.withDetail("lastGiveUp", describe(g)));
        }
        List<ActorStatus.Supervisor> gaveUp = a.status().supervisors().stream().filter(ActorStatus.Supervisor::gaveUp)
                .toList();
        if (!gaveUp.isEmpty()) {
            ActorStatus.Supervisor first = gaveUp.getFirst();
            builder.down().withDetail("reason", "a supervisor of actor '" + a.uid().name() + "' (" + first.strategy()
                    + ", at most " + first.maxRestarts() + " restart(s) within " + first.within() + ") gave up after "
                    + first.failures().size() + " failure(s) and cancelled its children")
                    .withDetail("gaveUp", gaveUp.stream().map(v -> describe(a, v)).toList());
        } else if (monitor.crashedSinceLastSpawn()) {
            ChildActorMonitor.Crash c = monitor.lastCrash().orElseThrow();
            builder.down().withDetail("reason", "child actor '" + c.uid().name() + "' exited unexpectedly (code "
                    + c.exitCode() + ") and no child has come up since");
        } else {
            builder.up();
        }
    }

    private static Map<String, Object> describe(ChildActorMonitor.Crash crash) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", crash.uid().name());
        d.put("uid", crash.uid().uuid());
        d.put("exitCode", crash.exitCode());
        d.put("at", crash.at().toString());
        return d;
    }

    private static Map<String, Object> describe(ChildActorMonitor.GiveUp giveUp) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("owner", giveUp.owner().name());
        d.put("uid", giveUp.owner().uuid());
        d.put("at", giveUp.at().toString());
        d.put("failures", giveUp.failures());
        return d;
    }

    private static Map<String, Object> describe(ActorRuntime owner, ActorStatus.Supervisor supervisor) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("owner", owner.uid().name());
        d.put("strategy", supervisor.strategy());
        d.put("maxRestarts", supervisor.maxRestarts());
        d.put("within", supervisor.within().toString());
        d.put("restarts", supervisor.restarts());
        d.put("failures", supervisor.failures());
        return d;
    }
}
