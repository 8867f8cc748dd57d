package dev.fpmjms.transport;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One connection to php-fpm, registered with the client's selector. Carries one exchange at a
 * time (php-fpm never multiplexes) or none while idle; with pipelining, one more may be written
 * behind it ({@link FcgiExchange#behind}), which php-fpm reads when the first ends. Used by the I/O
 * thread only.
 */
final class FcgiConnection {
    final SocketChannel channel;
    SelectionKey key;
    /** The exchange using the connection, {@code null} while idle. */
    FcgiExchange<?> exchange;
    /** Requests completed on this connection; above 0 it is a reused keep-alive connection. */
    int served;
    /** Its place in the order of the client's connects: the listen backlog is first in, first out. */
    final long order;
    /** When the connect started ({@link System#nanoTime()}). */
    final long openedAt;
    /** Whether a php-fpm child is known to have accepted it (see {@link FcgiPoolShare}). */
    boolean accepted;
    /** Since when it is idle, while in the idle list. */
    long idleSince;

    FcgiConnection(SocketChannel channel, long order, long openedAt) {
        this.channel = channel;
        this.order = order;
        this.openedAt = openedAt;
    }

    boolean isReused() {
        return served > 0;
    }

    /** Sets the key's interest; no selector update when it is already that. */
    void interest(int ops) {
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Closes the channel (cancels its key); never throws. */
    void close() {
        exchange = null;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing to do: the connection is gone either way.
        }
    }
}
