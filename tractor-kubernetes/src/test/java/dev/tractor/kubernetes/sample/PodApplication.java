package dev.tractor.kubernetes.sample;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import dev.tractor.Tractor;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/** A Spring Boot application whose child actors run in pods (tractor.spawn.backend=kubernetes in the tests). */
@SpringBootApplication(proxyBeanMethods = false)
public class PodApplication {

    /** Answers where it runs: its actor's name and the pod it was told it runs in. */
    @Component
    @ActorNamespace("where")
    public static class WhereFunctions {

        @ActorFunction
        public String am(String caller) {
            return caller + " reached " + Tractor.current().uid().name() + " in pod " + System.getenv("TRACTOR_POD_NAME")
                    + " bound to " + Tractor.current().address().host();
        }
    }
}
