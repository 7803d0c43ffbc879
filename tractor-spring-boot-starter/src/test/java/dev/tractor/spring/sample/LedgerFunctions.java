package dev.tractor.spring.sample;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Actor functions that need the root-only {@link RootOnlyLedger}: a child cannot have them, and says why. Only with
 * the profile {@code ledger}, so that the other tests' children start.
 */
@Component
@Profile("ledger")
@ActorNamespace("ledger")
public class LedgerFunctions {

    private final RootOnlyLedger ledger;

    public LedgerFunctions(RootOnlyLedger ledger) {
        this.ledger = ledger;
    }

    @ActorFunction
    public String owner() {
        return ledger.owner();
    }
}
