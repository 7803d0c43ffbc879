package dev.tractor.demo.spring;

import java.util.Map;
import org.springframework.stereotype.Service;

/** An ordinary bean that the actor functions depend on: in a child actor it is the child's own instance. */
@Service
public class Inventory {

    private final Map<String, Integer> cents = Map.of("apple", 40, "pear", 55, "plum", 25);

    /** The unit price of {@code item} in cents. */
    public int priceOf(String item) {
        Integer price = cents.get(item);
        if (price == null) {
            throw new IllegalArgumentException("no such item: " + item);
        }
        return price;
    }
}
