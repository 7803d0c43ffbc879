package dev.tractor.spring.child;

import dev.tractor.TractorException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The launch of a pooled child, whose context is built before it is claimed: present as a bean (under
 * {@value ChildActorLaunch#BEAN_NAME}, so that the context counts as a child's) until the claim completes it. The
 * runtime waits for it when it opens, which {@link TractorChildMain} does only after the claim.
 */
public final class PendingChildLaunch {

    private final CompletableFuture<ChildActorLaunch> launch = new CompletableFuture<>();

    /** The claim arrived. */
    void complete(ChildActorLaunch claimed) {
        launch.complete(claimed);
    }

    /** The launch; blocks until the claim has arrived. */
    public ChildActorLaunch await() {
        try {
            return launch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorException("interrupted while a pooled child waited for its claim", e);
        } catch (ExecutionException e) {
            throw new TractorException("a pooled child was never claimed", e.getCause());
        }
    }

    /** Registers this pending launch as a singleton in {@code context} (an application context initializer). */
    void registerIn(ConfigurableApplicationContext context) {
        context.getBeanFactory().registerSingleton(ChildActorLaunch.BEAN_NAME, this);
    }
}
