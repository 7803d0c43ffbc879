package dev.tractor.spring.sample;

import dev.tractor.ActorNamespace;

/** The typed view of {@link GreetingFunctions}, for {@code portal.proxy(GreetingsApi.class)}. */
@ActorNamespace("greetings")
public interface GreetingsApi {

    String greet(String name);
}
