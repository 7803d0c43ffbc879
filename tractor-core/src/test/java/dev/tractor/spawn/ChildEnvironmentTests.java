package dev.tractor.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.TractorConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment a parent hands its child: the inherited configuration, and what the child's host overrides. */
class ChildEnvironmentTests {

    private static final TractorConfig PARENT = TractorConfig.builder().name("child").bindHost("127.0.0.1")
            .cookie("secret-cookie").build();

    @Test
    void aChildBindsItsParentsHostUnlessItsEnvironmentNamesItsOwn() {
        Map<String, String> env = new HashMap<>();
        ChildEnvironment.write(PARENT, "secret-cookie", env);
        assertThat(ChildEnvironment.read("child", env, getClass().getClassLoader()).bindHost()).isEqualTo("127.0.0.1");

        env.put(ChildEnvironment.BIND_HOST, "::1");
        TractorConfig child = ChildEnvironment.read("child", env, getClass().getClassLoader());
        assertThat(child.bindHost()).isEqualTo("::1");
        assertThat(child.cookie()).isEqualTo("secret-cookie");
    }

    @Test
    void aLocalChildInheritsTheRegistrarsAndTheAdvertisedHostButAChildOnAHostOfItsOwnDoesNotAdvertiseItsParents() {
        TractorConfig parent = PARENT.toBuilder().registries(java.util.List.of(dev.tractor.Address.tcp("10.0.0.1", 1616),
                dev.tractor.Address.tcp("10.0.0.2", 1616))).advertiseHost("node-1.example").build();
        Map<String, String> env = new HashMap<>();
        ChildEnvironment.write(parent, "secret-cookie", env);
        TractorConfig local = ChildEnvironment.read("child", env, getClass().getClassLoader());
        assertThat(local.registryAddresses()).isEqualTo(parent.registryAddresses());
        assertThat(local.advertiseHost()).isEqualTo("node-1.example");

        env.put(ChildEnvironment.BIND_HOST, "10.1.2.3");
        TractorConfig inAPod = ChildEnvironment.read("child", env, getClass().getClassLoader());
        assertThat(inAPod.registryAddresses()).isEqualTo(parent.registryAddresses());
        assertThat(inAPod.advertiseHost()).isNull();
    }

    @Test
    void whatAProcessWasToldAboutItsOwnHostIsNotPassedOnToItsChildren() {
        Map<String, String> env = new HashMap<>(Map.of(ChildEnvironment.BIND_HOST, "10.1.2.3",
                ChildEnvironment.PARENT_WATCH, ChildEnvironment.WATCH_CONNECTION_ONLY, "PATH", "/usr/bin"));
        ChildEnvironment.write(PARENT, "secret-cookie", env);
        assertThat(env).doesNotContainKeys(ChildEnvironment.BIND_HOST, ChildEnvironment.PARENT_WATCH)
                .containsKeys(ChildEnvironment.CONFIG, ChildEnvironment.COOKIE, "PATH");
        assertThat(env.get(ChildEnvironment.CONFIG)).doesNotContain("secret-cookie");
    }
}
