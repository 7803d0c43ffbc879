package dev.tractor.transport;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import java.net.InetSocketAddress;

/**
 * Names the other end of a connection for log lines: {@code ip:port} over TCP; over a Unix socket, the peer
 * process and user from {@code SO_PEERCRED} ({@code unix socket, pid 123, uid 1000}), since such a peer has no
 * address of its own.
 */
public final class PeerNames {

    private PeerNames() {
    }

    public static String of(Channel channel) {
        if (channel instanceof EpollDomainSocketChannel unix) {
            try {
                PeerCredentials who = unix.peerCredentials();
                return "unix socket " + unix.localAddress() + ", peer pid " + who.pid() + ", uid " + who.uid();
            } catch (Exception | LinkageError e) {
                return "unix socket " + unix.localAddress() + " (peer credentials unavailable)";
            }
        }
        if (channel.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(channel.remoteAddress());
    }
}
