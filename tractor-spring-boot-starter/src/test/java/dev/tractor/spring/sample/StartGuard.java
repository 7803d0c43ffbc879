package dev.tractor.spring.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Fails the context of any actor whose name starts with "broken", and makes the context of one whose name starts
 * with "slow" take 60 s: how tests make a child fail to start, or start slowly. Not lazy, so that children (which
 * initialise lazily) create it too.
 */
@Component
@Lazy(false)
public class StartGuard {

    public StartGuard(@Value("${tractor.name:root}") String actorName) throws InterruptedException {
        if (actorName.startsWith("broken")) {
            throw new IllegalStateException("refusing to start an actor called " + actorName);
        }
        if (actorName.startsWith("slow")) {
            Thread.sleep(60_000);
        }
    }
}
