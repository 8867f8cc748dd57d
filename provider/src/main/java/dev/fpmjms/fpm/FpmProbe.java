package dev.fpmjms.fpm;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** Start-up probe: whether php-fpm accepts connections and answers on its socket. */
final class FpmProbe {

    private FpmProbe() {
    }

    /** Blocks at most about {@code timeout}; never throws. */
    static boolean answers(SocketAddress address, Duration timeout) {
        try (SocketChannel ch = SocketChannel.open(address instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET)) {
            ch.connect(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
