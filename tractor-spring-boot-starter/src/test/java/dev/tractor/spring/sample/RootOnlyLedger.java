package dev.tractor.spring.sample;

import dev.tractor.spring.ConditionalOnRootActor;
import org.springframework.stereotype.Service;

/** A bean that exists in the root actor only (say, the one that owns a database connection pool). */
@Service
@ConditionalOnRootActor
public class RootOnlyLedger {

    public String owner() {
        return "root";
    }
}
