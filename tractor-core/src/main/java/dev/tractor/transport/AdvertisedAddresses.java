package dev.tractor.transport;

import dev.tractor.Address;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The address an actor registers and hands out for the one it listens on: what other hosts can dial, never a
 * wildcard. A configured advertised host and port win; a listener bound to a wildcard ({@code 0.0.0.0}, {@code ::})
 * advertises the address of the interface that routes to the first registrar on another address (found without
 * sending anything), else that of the first interface that is up (IPv4 first), else loopback. Unix socket and other
 * TCP addresses are advertised as they are.
 */
public final class AdvertisedAddresses {

    private AdvertisedAddresses() {
    }

    /**
     * @param bound         where the listener is bound
     * @param advertiseHost the configured host to advertise, or null
     * @param advertisePort the configured port to advertise, or 0 for the bound one
     * @param registrars    the registry addresses, in order
     */
    public static Address of(Address bound, String advertiseHost, int advertisePort, List<Address> registrars) {
        if (!"tcp".equals(bound.transport())) {
            return bound;
        }
        int port = advertisePort > 0 ? advertisePort : bound.port();
        return Address.tcp(advertiseHost != null ? advertiseHost : host(bound.host(), registrars), port);
    }

    private static String host(String bound, List<Address> registrars) {
        if (!isWildcard(bound)) {
            return bound;
        }
        for (Address r : registrars) {
            if (!isWildcard(r.host())) {
                String route = sourceAddressTowards(r);
                if (route != null) {
                    return route;
                }
            }
        }
        return firstInterfaceAddress(interfaceAddresses());
    }

    /** Whether {@code host} is a wildcard (any-local) address literal, or empty. */
    public static boolean isWildcard(String host) {
        if (host.isEmpty()) {
            return true;
        }
        if (!host.matches("[0-9a-fA-F:.%\\[\\]]+")) {
            return false;   // a name, not a literal: never resolved here
        }
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The local address the system would send from to reach {@code target}: a connected datagram socket picks its
     * route without a packet being sent. Null if there is no route or the host cannot be resolved.
     */
    static String sourceAddressTowards(Address target) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(target.host()), Math.max(1, target.port())));
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? null : local.getHostAddress();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The best of {@code candidates} to advertise: IPv4 before IPv6, non-loopback before loopback, then as given. */
    static String firstInterfaceAddress(List<InetAddress> candidates) {
        return candidates.stream()
                .filter(a -> !a.isAnyLocalAddress() && !a.isLinkLocalAddress() && !a.isMulticastAddress())
                .min(Comparator.comparing(InetAddress::isLoopbackAddress)
                        .thenComparing(a -> !(a instanceof Inet4Address)))
                .map(InetAddress::getHostAddress)
                .orElse("127.0.0.1");
    }

    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> all = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp()) {
                    all.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        return all;
    }
}
