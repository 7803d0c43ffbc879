package dev.tractor.testing;

import dev.tractor.ActorNursery;
import dev.tractor.ActorRuntime;
import dev.tractor.Address;
import dev.tractor.Portal;
import dev.tractor.TlsConfig;
import dev.tractor.Tractor;
import dev.tractor.TractorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * One host of a multi-host test, as its own program: {@code <name> <cookie> <registry,registry,...> [child]}. Opens a
 * root called {@code name} on those registrars (tcp://host:port each; the heartbeat from the usual system properties,
 * TLS from {@code -Dhost.tls=cert,key,trusted} if set, the port it listens on from {@code -Dhost.bindPort} and the
 * one it advertises from {@code -Dhost.advertisePort}), starts the child if one is named, prints
 * {@code READY <registrar?> <address> <childPid or ->} and runs until its stdin closes.
 */
public final class HostMain {

    private HostMain() {
    }

    public static void main(String[] args) throws IOException {
        TractorConfig.Builder b = TractorConfig.builder().name(args[0]).cookie(args[1])
                .enableModules(Calc.class, Feeds.class, EchoServer.class)
                .registries(Arrays.stream(args[2].split(",")).map(Address::parse).toList());
        b.bindPort(Integer.getInteger("host.bindPort", 0)).advertisePort(Integer.getInteger("host.advertisePort", 0));
        String tls = System.getProperty("host.tls");
        if (tls != null) {
            String[] files = tls.split(",");
            b.tls(TlsConfig.pem(Path.of(files[0]), Path.of(files[1]), Path.of(files[2])));
        }
        try (ActorRuntime root = Tractor.openRoot(b.build()); ActorNursery n = root.openNursery()) {
            Object childPid = "-";
            if (args.length > 3) {
                Portal child = n.startActor(args[3]);
                childPid = child.run("self", "status", Map.of(), Map.class).get("pid");
            }
            System.out.println("READY " + root.isRegistrar() + " " + root.address() + " " + childPid);
            System.out.flush();
            while (System.in.read() >= 0) {
                // run until the test closes our stdin
            }
        }
    }
}
