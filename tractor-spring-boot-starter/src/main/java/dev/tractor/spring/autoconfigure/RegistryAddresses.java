package dev.tractor.spring.autoconfigure;

import dev.tractor.Address;

/** Reads the entries of {@code tractor.registry.addresses}: {@code host:port}, {@code [v6]:port} or {@code tcp://host:port}. */
final class RegistryAddresses {

    private RegistryAddresses() {
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    static Address parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("tcp://")) {
            t = t.substring(6);
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (write e.g. registrar.example:1616 or"
                    + " [fd00::1]:1616)");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, [" + host + "]:"
                    + t.substring(colon + 1));
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no port number after the last ':'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': the port must be between 1 and 65535");
        }
        return Address.tcp(host, port);
    }
}
