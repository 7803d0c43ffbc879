package dev.tractor.spring.child;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorConfig;
import dev.tractor.spawn.ChildEnvironment;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a child actor's Spring context was given by its parent: its identity, where to connect back,
 * and the configuration (cookie included) it inherits. Present as a bean (named {@value #BEAN_NAME})
 * only in child contexts, where it makes the runtime connect back instead of opening a root.
 *
 * @param uid           the identity the parent gave this child
 * @param parentAddress where the parent listens
 * @param config        the inherited configuration, named after this child
 */
public record ChildActorLaunch(ActorUid uid, Address parentAddress, TractorConfig config) {

    /** The name of the bean holding the launch in a child context. */
    public static final String BEAN_NAME = "tractorChildActorLaunch";

    /**
     * The launch described by a child JVM's arguments ({@code <name> <uuid> <parentAddress>}) and by
     * the environment its parent wrote ({@link ChildEnvironment}).
     */
    public static ChildActorLaunch fromArguments(String[] args, Map<String, String> env, ClassLoader loader) {
        if (args.length != 3) {
            throw new IllegalArgumentException("expected <name> <uuid> <parentAddress>, got " + args.length + " arguments");
        }
        ActorUid uid = new ActorUid(args[0], args[1]);
        return new ChildActorLaunch(uid, Address.parse(args[2]), ChildEnvironment.read(uid.name(), env, loader));
    }

    /** Registers this launch as a singleton in {@code context} (an application context initializer). */
    public void registerIn(ConfigurableApplicationContext context) {
        context.getBeanFactory().registerSingleton(BEAN_NAME, this);
    }
}
