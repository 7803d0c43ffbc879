package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import dev.tractor.Transport;
import dev.tractor.testing.Calc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The call suite over Unix domain sockets, plus where the socket files live. */
class UdsCallTests extends CallSuite {

    @Override
    Transport transport() {
        return Transport.UDS;
    }

    @Test
    void socketFilesLiveInAnOwnerOnlyDirectoryOfTheTree() throws Exception {
        Path socket = Path.of(root.address().host());
        assertThat(socket).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
        String child = (String) calc.run("self", "status", java.util.Map.of(), java.util.Map.class).get("address");
        assertThat(Path.of(child.substring("uds://".length())).getParent()).isEqualTo(socket.getParent());
    }

    @Test
    void socketFilesAndTheirDirectoryAreRemovedWhenTheTreeEnds() throws Exception {
        Path dir;
        try (ActorRuntime other = Tractor.openRoot(TractorConfig.builder().name("other").cookie("uds-cleanup-tree")
                .enableModules(Calc.class).transport(Transport.UDS).build());
             ActorNursery n = other.openNursery()) {
            n.startActor("short-lived");
            dir = Path.of(other.address().host()).getParent();
            assertThat(dir).isDirectory();
            try (var files = Files.list(dir)) {
                assertThat(files.count()).isEqualTo(2);
            }
        }
        assertThat(dir).doesNotExist();
    }
}
