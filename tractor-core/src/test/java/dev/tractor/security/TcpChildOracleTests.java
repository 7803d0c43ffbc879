package dev.tractor.security;

import dev.tractor.Transport;

/** The parent and child oracle attacks over TCP on loopback. */
class TcpChildOracleTests extends ChildOracleSuite {

    @Override
    Transport transport() {
        return Transport.TCP;
    }
}
