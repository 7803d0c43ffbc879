package dev.tractor.spring.child;

import dev.tractor.ActorUid;
import dev.tractor.embed.Embedding;
import dev.tractor.spawn.ChildEnvironment;
import dev.tractor.spawn.ChildSignals;
import dev.tractor.spawn.PoolClaim;
import dev.tractor.spring.ActorMdc;
import dev.tractor.spring.ManagedActorRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The entry point of a child actor JVM started by {@link SpringApplicationSpawnBackend}: boots the
 * application class named by {@value SpringApplicationSpawnBackend#APPLICATION_CLASS_PROPERTY} in a
 * Spring context without a web server and with lazy initialization (so the child creates its actor functions'
 * beans and what they depend on, not every bean of the application; {@code @Lazy(false)} makes a bean start in
 * children too), then
 * opens its actor, which connects back to the parent: the parent's {@code startActor} returns only
 * once the child's context is fully up. Serves until cancelled or orphaned, closes the context and
 * exits 0. If the context or the actor fails to start, it prints the error chain last (so it ends the
 * output tail the parent's {@code ActorStartFailed} carries) and exits {@value #START_FAILED}. Started with the single
 * argument {@link PoolClaim#POOLED} it is a warm pool's child: it builds the context first, then waits for its
 * identity on stdin.
 */
public final class TractorChildMain {

    /** The exit code of a child whose context or actor failed to start. */
    public static final int START_FAILED = 3;

    private TractorChildMain() {
    }

    public static void main(String[] args) {
        ChildSignals.ignoreInterrupt();
        ClassLoader loader = TractorChildMain.class.getClassLoader();
        if (args.length == 1 && args[0].equals(PoolClaim.POOLED)) {
            pooled(loader);
            return;
        }
        String name = args.length > 0 ? args[0] : "?";
        if (args.length == 3) {
            ActorMdc.put(new ActorUid(args[0], args[1]));
        }
        serve(new String[] {name}, () -> {
            ChildActorLaunch launch = ChildActorLaunch.fromArguments(args, System.getenv(), loader);
            return boot(applicationClass(loader), launch::registerIn);
        }, context -> true);
    }

    /**
     * A warm pool's child: builds the context (the slow part), warms the wire path, then waits for its claim on
     * stdin; exits 0 if stdin ends first (the pool was closed or the parent is gone).
     */
    private static void pooled(ClassLoader loader) {
        String[] name = {"pooled"};
        PendingChildLaunch pending = new PendingChildLaunch();
        serve(name, () -> boot(applicationClass(loader), pending::registerIn), context -> {
            Embedding.warmUp();
            PoolClaim claim = PoolClaim.readFrom(System.in);
            if (claim == null) {
                return false;
            }
            name[0] = claim.uid().name();
            ActorMdc.put(claim.uid());
            pending.complete(new ChildActorLaunch(claim.uid(), claim.parent(),
                    ChildEnvironment.read(name[0], claim.env(), loader)));
            return true;
        });
    }

    /** What happens between the context's start and the actor's: false ends the child (exit 0) instead. */
    @FunctionalInterface
    private interface BeforeActor {
        boolean proceed(ConfigurableApplicationContext context) throws Exception;
    }

    /**
     * Boots the context, runs {@code beforeActor}, opens the actor and serves until it closes, then closes the
     * context and exits 0; a failure on the way is reported (naming {@code name[0]}) and exits
     * {@value #START_FAILED}.
     */
    private static void serve(String[] name, Callable<ConfigurableApplicationContext> boot, BeforeActor beforeActor) {
        ConfigurableApplicationContext context = null;
        try {
            context = boot.call();
            if (beforeActor.proceed(context)) {
                ManagedActorRuntime runtime = context.getBean(ManagedActorRuntime.class);
                runtime.start();
                runtime.awaitClosed();
            }
        } catch (Throwable t) {
            reportStartFailure(name[0], t);
            if (context != null) {
                context.close();
            }
            System.exit(START_FAILED);
            return;
        }
        context.close();
        System.exit(0);
    }

    private static ConfigurableApplicationContext boot(Class<?> application,
                                                       ApplicationContextInitializer<ConfigurableApplicationContext> register) {
        // a system property outranks the application's own spring.main.web-application-type
        System.setProperty("spring.main.web-application-type", "none");
        return new SpringApplicationBuilder(application)
                .main(application)
                .web(WebApplicationType.NONE)
                // a child builds what its actor functions need, not every bean of the application
                .lazyInitialization(true)
                .properties("spring.main.banner-mode=off")
                .initializers(register)
                .run();
    }

    private static Class<?> applicationClass(ClassLoader loader) throws ClassNotFoundException {
        String name = System.getProperty(SpringApplicationSpawnBackend.APPLICATION_CLASS_PROPERTY);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("system property " + SpringApplicationSpawnBackend.APPLICATION_CLASS_PROPERTY
                    + " is not set: this JVM was not started by a Tractor Spring parent");
        }
        return Class.forName(name, false, loader);
    }

    private static void reportStartFailure(String name, Throwable failure) {
        List<String> lines = new ArrayList<>();
        lines.add("actor '" + name + "' failed to start: " + failure);
        Throwable seen = failure;
        NoSuchBeanDefinitionException missing = failure instanceof NoSuchBeanDefinitionException n ? n : null;
        for (Throwable c = failure.getCause(); c != null && c != seen && lines.size() < 8; seen = c, c = c.getCause()) {
            lines.add("  caused by " + c);
            if (c instanceof NoSuchBeanDefinitionException n) {
                missing = n;
            }
        }
        if (missing != null) {
            lines.add("  hint: in a child actor, beans marked @ConditionalOnRootActor do not exist. A bean the child's"
                    + " actor functions need depends on " + describe(missing) + ", which the child lacks: mark"
                    + " that dependent bean @ConditionalOnRootActor too, or make the missing one exist in children");
        }
        // once, on stderr, after whatever the child printed on stdout: the parent's ActorStartFailed keeps the tail
        System.out.flush();
        lines.forEach(System.err::println);
        System.err.flush();
    }

    private static String describe(NoSuchBeanDefinitionException missing) {
        if (missing.getBeanName() != null) {
            return "the bean '" + missing.getBeanName() + "'";
        }
        return missing.getResolvableType() != null ? "a bean of type " + missing.getResolvableType() : "a bean";
    }
}
