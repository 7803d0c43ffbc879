package dev.tractor.spring.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Fails the context of any actor whose name starts with "broken": how tests make a child fail to start. Not lazy,
 * so that children (which initialise lazily) create it too.
 */
@Component
@Lazy(false)
public class StartGuard {

    public StartGuard(@Value("${tractor.name:root}") String actorName) {
        if (actorName.startsWith("broken")) {
            throw new IllegalStateException("refusing to start an actor called " + actorName);
        }
    }
}
