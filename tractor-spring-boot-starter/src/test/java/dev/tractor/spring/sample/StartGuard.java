package dev.tractor.spring.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Fails the context of any actor whose name starts with "broken": how tests make a child fail to start. */
@Component
public class StartGuard {

    public StartGuard(@Value("${tractor.name:root}") String actorName) {
        if (actorName.startsWith("broken")) {
            throw new IllegalStateException("refusing to start an actor called " + actorName);
        }
    }
}
