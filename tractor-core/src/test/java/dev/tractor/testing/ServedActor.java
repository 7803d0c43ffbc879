package dev.tractor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An actor under attack and a legitimate client of it: a root called {@code server} (with {@link Calc} and the
 * given modules, a private registrar and the given cookie) and a root called {@code client} connected to it, to
 * check that the server keeps serving others whatever a hostile peer does.
 */
public final class ServedActor implements AutoCloseable {

    private final ActorRuntime server;
    private final ActorRuntime client;
    private final Portal healthy;

    private ServedActor(ActorRuntime server, ActorRuntime client) {
        this.server = server;
        this.client = client;
        this.healthy = client.connect(server.address());
    }

    /** A server configured by {@code settings} (on top of the name, cookie, registry and modules). */
    public static ServedActor open(String cookie, UnaryOperator<TractorConfig.Builder> settings, Class<?>... modules) {
        ActorRuntime server = Tractor.openRoot(settings.apply(TractorConfig.builder().name("server").cookie(cookie)
                .registry("127.0.0.1", 0).enableModules(Calc.class).enableModules(modules)).build());
        ActorRuntime client = Tractor.openRoot(TractorConfig.builder().name("client").cookie(cookie)
                .registry("127.0.0.1", 0).build());
        return new ServedActor(server, client);
    }

    public ActorRuntime server() {
        return server;
    }

    /** The legitimate client's portal to the server. */
    public Portal healthy() {
        return healthy;
    }

    /** The server answers the legitimate client. */
    public void assertServed() {
        assertThat(healthy.run("calc", "square", Map.of("x", 7))).isEqualTo(49);
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
