package dev.tractor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorRuntime;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.runtime.Actor;
import dev.tractor.testing.HostilePeer;
import dev.tractor.testing.NoLeaks;
import dev.tractor.wire.ErrorMsg;
import dev.tractor.wire.Msg;
import dev.tractor.wire.Return;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A registry whose full listing is larger than the registrar's frame limit (1 KiB here, with names of up to 220
 * bytes): {@code registry} refuses clearly instead of sending an oversized frame, {@code registryPage} returns every
 * entry exactly once in pages that each fit the limit, whatever page size a caller asks for, and no registration
 * is lost on the way.
 */
@ExtendWith(NoLeaks.PerClass.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryPagingTests {

    static final String COOKIE = "registry-paging-tree";
    static final int LIMIT = 1024;

    ActorRuntime registrar;
    final List<ActorRuntime> members = new ArrayList<>();
    final TreeSet<String> names = new TreeSet<>();

    @BeforeAll
    void start() {
        registrar = Tractor.openRoot(TractorConfig.builder().name("registrar").cookie(COOKIE)
                .registry("127.0.0.1", 0).maxFrameBytes(LIMIT).build());
        names.add("registrar");
        for (int i = 0; i < 8; i++) {
            String name = String.format("m%02d-", i) + "n".repeat(i % 2 == 0 ? 215 : 30);
            members.add(Tractor.openRoot(TractorConfig.builder().name(name).cookie(COOKIE)
                    .registry("127.0.0.1", registrar.address().port()).build()));
            names.add(name);
        }
    }

    @AfterAll
    void stop() {
        try {
            members.forEach(ActorRuntime::close);
        } finally {
            registrar.close();
        }
    }

    HostilePeer insider() throws IOException {
        HostilePeer p = HostilePeer.dial(registrar.address());
        p.handshake(COOKIE);
        return p;
    }

    @Test
    void theWholeListingIsRefusedClearlyAndEveryRegistrationStays() throws IOException {
        try (HostilePeer p = insider()) {
            ErrorMsg e = p.callRefused("self", "registry", Map.of());
            assertThat(e.box().message()).contains("registryPage");
            assertThat(p.frameSizes()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(LIMIT));
            assertThat(p.callOk("self", "ping", Map.of())).isNotNull();
        }
        assertThat(((Actor) registrar).registry().keySet()).containsExactlyElementsOf(names);
    }

    @ParameterizedTest
    @ValueSource(ints = {LIMIT, 4 * LIMIT, Integer.MAX_VALUE, 300, 1, 0, -1, Integer.MIN_VALUE})
    void pagingReturnsEveryEntryOnceInPagesUnderTheLimit(int maxBytes) throws IOException {
        List<String> seen = new ArrayList<>();
        int pages = 0;
        try (HostilePeer p = insider()) {
            String after = null;
            do {
                Map<String, Object> kwargs = new HashMap<>();
                kwargs.put("after", after);
                kwargs.put("maxBytes", maxBytes);
                Msg answer = p.call("self", "registryPage", kwargs);
                assertThat(answer).isInstanceOf(Return.class);
                assertThat(p.frameSizeOf(answer)).as("page %d for maxBytes %d", pages, maxBytes)
                        .isLessThanOrEqualTo(LIMIT);
                @SuppressWarnings("unchecked")
                Map<String, Object> page = (Map<String, Object>) ((Return) answer).value();
                @SuppressWarnings("unchecked")
                Map<String, Object> entries = (Map<String, Object>) page.get("entries");
                assertThat(entries).isNotEmpty();
                seen.addAll(entries.keySet());
                after = (String) page.get("next");
                pages++;
                assertThat(pages).isLessThanOrEqualTo(names.size());
            } while (after != null);
        }
        assertThat(seen).containsExactlyElementsOf(names);
        assertThat(pages).isGreaterThan(1);
        assertThat(((Actor) registrar).registry().keySet()).containsExactlyElementsOf(names);
    }

    @Test
    void aMemberListsTheWholeRegistryPageByPage() {
        assertThat(((Actor) members.get(0)).registry().keySet()).containsExactlyElementsOf(names);
        assertThat(registrar.findActor(names.last()).orElseThrow().uid().name()).isEqualTo(names.last());
    }
}
