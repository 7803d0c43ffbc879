package dev.tractor.spring.child;

import dev.tractor.ActorUid;
import dev.tractor.spring.ActorMdc;
import dev.tractor.spring.ManagedActorRuntime;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The entry point of a child actor JVM started by {@link SpringApplicationSpawnBackend}: boots the
 * application class named by {@value SpringApplicationSpawnBackend#APPLICATION_CLASS_PROPERTY} in a
 * Spring context without a web server (so the child has the application's beans and functions), then
 * opens its actor, which connects back to the parent: the parent's {@code startActor} returns only
 * once the child's context is fully up. Serves until cancelled or orphaned, closes the context and
 * exits 0. If the context or the actor fails to start, it prints the error chain last (so it ends the
 * output tail the parent's {@code ActorStartFailed} carries) and exits {@value #START_FAILED}.
 */
public final class TractorChildMain {

    /** The exit code of a child whose context or actor failed to start. */
    public static final int START_FAILED = 3;

    private TractorChildMain() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "?";
        if (args.length == 3) {
            ActorMdc.put(new ActorUid(args[0], args[1]));
        }
        ConfigurableApplicationContext context = null;
        ManagedActorRuntime runtime;
        try {
            ClassLoader loader = TractorChildMain.class.getClassLoader();
            ChildActorLaunch launch = ChildActorLaunch.fromArguments(args, System.getenv(), loader);
            context = boot(applicationClass(loader), launch);
            runtime = context.getBean(ManagedActorRuntime.class);
            runtime.start();
        } catch (Throwable t) {
            reportStartFailure(name, t);
            if (context != null) {
                context.close();
            }
            System.exit(START_FAILED);
            return;
        }
        runtime.awaitClosed();
        context.close();
        System.exit(0);
    }

    private static ConfigurableApplicationContext boot(Class<?> application, ChildActorLaunch launch) {
        // a system property outranks the application's own spring.main.web-application-type
        System.setProperty("spring.main.web-application-type", "none");
        ApplicationContextInitializer<ConfigurableApplicationContext> register = launch::registerIn;
        return new SpringApplicationBuilder(application)
                .main(application)
                .web(WebApplicationType.NONE)
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
        for (Throwable c = failure.getCause(); c != null && c != seen && lines.size() < 8; seen = c, c = c.getCause()) {
            lines.add("  caused by " + c);
        }
        // on both streams: whichever the parent reads last, the tail it keeps ends with the error
        for (PrintStream out : new PrintStream[] {System.out, System.err}) {
            lines.forEach(out::println);
            out.flush();
        }
    }
}
