package dev.tractor.spring.child;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.Address;
import dev.tractor.TractorConfig;
import dev.tractor.spring.autoconfigure.TractorProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What a Spring child is told of its parent's configuration, bound as the child's context binds it: over whatever the
 * application's own configuration says, so the child registers where its parent does and never takes a root's ports.
 */
class InheritedPropertiesTests {

    private static TractorProperties bound(TractorConfig parent, Map<String, String> applicationYml) {
        Map<String, String> all = new HashMap<>(applicationYml);
        for (String p : SpringApplicationSpawnBackend.inheritedProperties(parent)) {
            int eq = p.indexOf('=');
            all.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return new Binder(new MapConfigurationPropertySource(all)).bind("tractor", TractorProperties.class)
                .get();
    }

    @Test
    void severalRegistrarsAndTheAdvertisedHostReachTheChildButNotTheRootsPorts() {
        TractorConfig parent = TractorConfig.builder().name("child").cookie("c")
                .registries(List.of(Address.tcp("10.0.0.1", 1616), Address.tcp("fd00::2", 1617)))
                .advertiseHost("node-1.example").advertisePort(9000).bindPort(7000).build();
        TractorProperties child = bound(parent, Map.of("tractor.bind-port", "7000", "tractor.advertise-port", "9000"));
        assertThat(child.getRegistry().getAddresses()).containsExactly("10.0.0.1:1616", "[fd00::2]:1617");
        assertThat(child.getAdvertiseHost()).isEqualTo("node-1.example");
        assertThat(child.getBindPort()).isZero();
        assertThat(child.getAdvertisePort()).isZero();
    }

    @Test
    void oneRegistrarClearsTheApplicationsListSoTheParentsRealPortWins() {
        TractorConfig parent = TractorConfig.builder().name("child").cookie("c").registry("127.0.0.1", 40123).build();
        TractorProperties child = bound(parent, Map.of("tractor.registry.addresses", "127.0.0.1:1616,127.0.0.1:1617"));
        assertThat(child.getRegistry().getAddresses()).isEmpty();
        assertThat(child.getRegistry().getPort()).isEqualTo(40123);
        assertThat(child.getAdvertiseHost()).isNull();
    }
}
