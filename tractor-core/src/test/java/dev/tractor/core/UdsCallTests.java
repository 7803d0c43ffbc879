package dev.tractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
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
    void socketFilesLiveInAnOwnerOnlyDirectoryOfTheUser() throws Exception {
        Path socket = Path.of(root.address().host());
        assertThat(socket).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
        String child = (String) calc.run("self", "status", java.util.Map.of(), java.util.Map.class).get("address");
        assertThat(Path.of(child.substring("uds://".length())).getParent()).isEqualTo(socket.getParent());
    }

    @Test
    void socketFilesAreRemovedWhenTheTreeEndsAndTheirDirectoryIsOwnerOnly() throws Exception {
        Path rootSocket;
        Path childSocket;
        try (ActorRuntime other = Tractor.openRoot(TractorConfig.builder().name("other").cookie("uds-cleanup-tree")
                .enableModules(Calc.class).transport(Transport.UDS).build());
             ActorNursery n = other.openNursery()) {
            Portal child = n.startActor("short-lived");
            rootSocket = Path.of(other.address().host());
            childSocket = Path.of(((String) child.run("self", "status", java.util.Map.of(), java.util.Map.class)
                    .get("address")).substring("uds://".length()));
            assertThat(rootSocket).exists();
            assertThat(childSocket).exists();
            Path dir = rootSocket.getParent();
            assertThat(childSocket.getParent()).isEqualTo(dir);
            assertThat(dir.getFileName().toString()).isEqualTo("tractor-" + System.getProperty("user.name"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
        assertThat(rootSocket).doesNotExist();
        assertThat(childSocket).doesNotExist();
    }
}
