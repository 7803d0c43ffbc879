package dev.tractor.demo.spring;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** A plain function: one request, one answer, computed with an injected bean. */
@Component
@ActorNamespace("pricing")
public class PricingFunctions {

    private static final Logger log = LoggerFactory.getLogger(PricingFunctions.class);

    private final Inventory inventory;

    public PricingFunctions(Inventory inventory) {
        this.inventory = inventory;
    }

    @ActorFunction
    public int quote(String item, int quantity) {
        int total = inventory.priceOf(item) * quantity;
        log.info("quoted {} x {} = {} cents", quantity, item, total);
        return total;
    }
}
