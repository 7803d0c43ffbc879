package dev.tractor.spring.health;

import dev.tractor.ActorRuntime;
import dev.tractor.spring.ChildActorMonitor;
import dev.tractor.spring.ManagedActorRuntime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code tractor} health indicator. DOWN while the actor runtime is not open, and after a child
 * actor died unexpectedly (exited without being cancelled) until a child has come up again; UP
 * otherwise. Details: the actor's name, uid and address, the number of live children, crashes and
 * start failures, and the last crash.
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
        if (monitor.crashedSinceLastSpawn()) {
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
}
