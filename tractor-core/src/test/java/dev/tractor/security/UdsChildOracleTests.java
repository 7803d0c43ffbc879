package dev.tractor.security;

import dev.tractor.Transport;

/** The parent and child oracle attacks over Unix domain sockets. */
class UdsChildOracleTests extends ChildOracleSuite {

    @Override
    Transport transport() {
        return Transport.UDS;
    }
}
