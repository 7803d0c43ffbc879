package dev.tractor.transport;

import dev.tractor.Address;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Socket addresses as actor {@link Address}es, in the one form both ends of a connection compute alike. */
final class SocketAddresses {

    private SocketAddresses() {
    }

    /** {@code ("tcp", IP literal, port)} or {@code ("uds", path, 0)}; null for any other kind of address. */
    static Address of(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return Address.tcp(inet.getAddress().getHostAddress(), inet.getPort());
        }
        if (address instanceof DomainSocketAddress unix) {
            return new Address("uds", unix.path(), 0);
        }
        return null;
    }
}
