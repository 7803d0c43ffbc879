package dev.tractor.spring.sample;

import org.springframework.stereotype.Component;

/**
 * A web-facing bean of the root that needs the root-only {@link RootOnlyLedger}: the trap of a first Spring app, as
 * children boot the same application. Children initialise lazily and never create it, so they start.
 */
@Component
public class LedgerController {

    private final RootOnlyLedger ledger;

    public LedgerController(RootOnlyLedger ledger) {
        this.ledger = ledger;
    }

    public String owner() {
        return ledger.owner();
    }
}
