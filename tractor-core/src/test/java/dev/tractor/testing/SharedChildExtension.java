package dev.tractor.testing;

import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.TractorConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link SharedChild} for a test class: started before its tests, checked idle after each (no task running in the
 * child, no call waiting in the root), closed after all. Register it on a static field with
 * {@code @RegisterExtension}, after {@link NoLeaks.PerClass}, so the leak check runs once it has closed.
 */
public final class SharedChildExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final TractorConfig.Builder config;
    private final String childName;
    private SharedChild shared;

    private SharedChildExtension(TractorConfig.Builder config, String childName) {
        this.config = config;
        this.childName = childName;
    }

    /** A root configured by {@code config} with one child called {@code childName}. */
    public static SharedChildExtension of(TractorConfig.Builder config, String childName) {
        return new SharedChildExtension(config, childName);
    }

    public ActorRuntime root() {
        return shared.root();
    }

    public Portal child() {
        return shared.child();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shared = SharedChild.start(config.build(), childName);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        shared.assertIdle();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        shared.close();
    }
}
