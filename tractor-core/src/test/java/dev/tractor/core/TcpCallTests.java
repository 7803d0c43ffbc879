package dev.tractor.core;

import dev.tractor.Transport;

/** The call suite over TCP on loopback. */
class TcpCallTests extends CallSuite {

    @Override
    Transport transport() {
        return Transport.TCP;
    }
}
