package dev.tractor;

import java.util.Objects;

/**
 * Where an actor listens: {@code ("tcp", host, port)} or {@code ("uds", socketPath, 0)}.
 *
 * @param transport {@code "tcp"} or {@code "uds"}
 * @param host      the host for TCP, the socket file path for UDS
 * @param port      the TCP port; 0 for UDS
 */
public record Address(String transport, String host, int port) {

    public Address {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A TCP address. */
    public static Address tcp(String host, int port) {
        return new Address("tcp", host, port);
    }

    /** Parses the form printed by {@link #toString()}: {@code tcp://host:port} or {@code uds:///path}. */
    public static Address parse(String text) {
        if (text.startsWith("tcp://")) {
            String rest = text.substring(6);
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("no port in address: " + text);
            }
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return tcp(host, Integer.parseInt(rest.substring(colon + 1)));
        }
        if (text.startsWith("uds://")) {
            return new Address("uds", text.substring(6), 0);
        }
        throw new IllegalArgumentException("not an actor address (tcp://host:port or uds://path): " + text);
    }

    @Override
    public String toString() {
        if ("uds".equals(transport)) {
            return "uds://" + host;
        }
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
