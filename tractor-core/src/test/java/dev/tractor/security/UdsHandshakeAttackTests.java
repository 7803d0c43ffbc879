package dev.tractor.security;

import dev.tractor.Transport;

/** The handshake attacks over a Unix domain socket. */
class UdsHandshakeAttackTests extends HandshakeAttackSuite {

    @Override
    Transport transport() {
        return Transport.UDS;
    }
}
