package dev.tractor.testing;

import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.TractorConfig;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link ServedActor} for a test class: opened before its tests, checked to still serve its legitimate client
 * after each, closed after all. Register it on a static field with {@code @RegisterExtension}, after
 * {@link NoLeaks.PerClass}.
 */
public final class ServedActorExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final String cookie;
    private final UnaryOperator<TractorConfig.Builder> settings;
    private final Class<?>[] modules;
    private ServedActor actors;

    private ServedActorExtension(String cookie, UnaryOperator<TractorConfig.Builder> settings, Class<?>... modules) {
        this.cookie = cookie;
        this.settings = settings;
        this.modules = modules;
    }

    /** As {@link ServedActor#open}. */
    public static ServedActorExtension of(String cookie, UnaryOperator<TractorConfig.Builder> settings,
                                          Class<?>... modules) {
        return new ServedActorExtension(cookie, settings, modules);
    }

    public ActorRuntime server() {
        return actors.server();
    }

    public Portal healthy() {
        return actors.healthy();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        actors = ServedActor.open(cookie, settings, modules);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        actors.assertServed();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        actors.close();
    }
}
