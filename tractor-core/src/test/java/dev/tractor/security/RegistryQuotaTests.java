package dev.tractor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.Limits;
import dev.tractor.Portal;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import dev.tractor.registry.Registrar;
import dev.tractor.runtime.Actor;
import dev.tractor.testing.Heap;
import dev.tractor.testing.NoLeaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registrar holds at most {@link Limits#registryEntries} entries: a registration beyond them is refused with an
 * error naming the limit and the settings that raise it, the entries already there stay and are found, and an
 * entry that goes makes room again. At the default limit the registry's memory is bounded.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryQuotaTests {

    static final String COOKIE = "registry-quota-tree";

    static TractorConfig.Builder root(String name, int registryPort) {
        return TractorConfig.builder().name(name).cookie(COOKIE).enableModules(Victim.class)
                .registry("127.0.0.1", registryPort);
    }

    @Test
    void registrationsBeyondTheLimitAreRefusedNamingItAndTheEntriesThereStayFound() {
        try (ActorRuntime registrar = Tractor.openRoot(root("registrar", 0)
                .limits(Limits.DEFAULTS.withRegistryEntries(3)).build());
             ActorRuntime first = Tractor.openRoot(root("first", registrar.address().port()).build());
             ActorRuntime second = Tractor.openRoot(root("second", registrar.address().port()).build())) {
            int port = registrar.address().port();
            assertThat(((Actor) registrar).registry()).containsOnlyKeys("registrar", "first", "second");

            for (int i = 0; i < 3; i++) {
                TractorConfig third = root("third", port).build();
                assertThatThrownBy(() -> Tractor.openRoot(third))
                        .isInstanceOf(TractorException.class)
                        .hasMessageContaining("the registry is full: it holds 3 entries")
                        .hasMessageContaining("tractor.limits.registry-entries")
                        .hasMessageContaining("Limits.registryEntries")
                        .hasMessageContaining("= 3")
                        .hasMessageContaining("actor third[");
            }

            assertThat(((Actor) registrar).registry()).containsOnlyKeys("registrar", "first", "second");
            for (ActorRuntime asking : List.of(registrar, first, second)) {
                for (ActorRuntime target : List.of(first, second)) {
                    Portal found = asking.findActor(target.uid().name()).orElseThrow();
                    assertThat(found.uid()).isEqualTo(target.uid());
                    assertThat(found.run("self", "ping", Map.of()))
                            .isEqualTo(List.of(target.uid().name(), target.uid().uuid()));
                }
            }
            assertThat(first.findActor("third")).isEmpty();

            second.close();   // its entry goes with its connection, which makes room for one more
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !((Actor) registrar).registry().containsKey("second"));
            try (ActorRuntime third = Tractor.openRoot(root("third", port).build())) {
                assertThat(first.findActor("third").orElseThrow().uid()).isEqualTo(third.uid());
            }
        }
    }

    @Test
    void atTheDefaultLimitTheRegistryHoldsBoundedMemoryAndRefusesTheNextKeepingEveryEntry() {
        long before = Heap.usedAfterGc();
        Registrar registrar = new Registrar();
        assertThat(registrar.maxEntries()).isEqualTo(Limits.DEFAULTS.registryEntries()).isEqualTo(65_536);
        List<Object> owners = new ArrayList<>();
        for (int i = 0; i < registrar.maxEntries(); i++) {
            Object owner = new Object();
            owners.add(owner);
            // names and hosts as long as a real actor's: a name of 32 characters, a loopback address
            registrar.register(ActorUid.random(String.format("actor-with-a-longish-name-%06d", i)),
                    Address.tcp("127.0.0.1", 10_000 + i % 50_000), owner);
        }
        long held = Heap.usedAfterGc() - before;
        ActorUid late = ActorUid.random("late");
        assertThatThrownBy(() -> registrar.register(late, Address.tcp("127.0.0.1", 9), new Object()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("it holds 65536 entries")
                .hasMessageContaining("tractor.limits.registry-entries, Limits.registryEntries = 65536");
        assertThatThrownBy(() -> registrar.requireRoom(late)).hasMessageContaining("the registry is full");
        assertThat(registrar.size()).isEqualTo(65_536);
        assertThat(registrar.find("late")).isEmpty();
        assertThat(registrar.find("actor-with-a-longish-name-000000")).isPresent();
        assertThat(held).as("heap held by a full registry of 65,536 entries: %s", Heap.mib(held))
                .isLessThan(64L << 20);
        System.out.println("a full registry of 65,536 entries holds " + Heap.mib(held));

        // an entry re-registered by its own connection is not a new one; one that goes makes room
        ActorUid some = ActorUid.random("again");
        registrar.dropOwner(owners.get(0));
        registrar.register(some, Address.tcp("127.0.0.1", 1), owners.get(0));
        registrar.register(some, Address.tcp("127.0.0.1", 2), owners.get(0));
        assertThat(registrar.size()).isEqualTo(65_536);
        assertThat(registrar.find("again").orElseThrow().address().port()).isEqualTo(2);
    }
}
