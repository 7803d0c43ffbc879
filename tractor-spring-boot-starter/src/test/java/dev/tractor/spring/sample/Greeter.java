package dev.tractor.spring.sample;

import org.springframework.stereotype.Service;

/** A plain bean that actor functions depend on. */
@Service
public class Greeter {

    public String greet(String name) {
        return "Hello, " + name;
    }
}
