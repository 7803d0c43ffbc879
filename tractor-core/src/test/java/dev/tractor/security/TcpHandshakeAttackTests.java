package dev.tractor.security;

import dev.tractor.Transport;

/** The handshake attacks over TCP on loopback. */
class TcpHandshakeAttackTests extends HandshakeAttackSuite {

    @Override
    Transport transport() {
        return Transport.TCP;
    }
}
