package dev.tractor.runtime;

import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.ProtocolError;
import java.util.List;

/** The list forms identities and addresses take inside message values: {@code [name, uuid]}, {@code [transport, host, port]}. */
final class WireForms {

    private WireForms() {
    }

    static List<Object> of(Address a) {
        return List.of(a.transport(), a.host(), a.port());
    }

    static List<String> of(ActorUid uid) {
        return List.of(uid.name(), uid.uuid());
    }

    static Address address(Object value) {
        if (value instanceof List<?> l && l.size() == 3 && l.get(2) instanceof Number port) {
            return new Address(String.valueOf(l.get(0)), String.valueOf(l.get(1)), port.intValue());
        }
        throw new ProtocolError("not an address [transport, host, port]: " + value);
    }

    static ActorUid uid(Object value) {
        if (value instanceof List<?> l && l.size() == 2) {
            return new ActorUid(String.valueOf(l.get(0)), String.valueOf(l.get(1)));
        }
        throw new ProtocolError("not an actor uid [name, uuid]: " + value);
    }
}
