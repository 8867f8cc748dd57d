package dev.fpmjms.fpm;

import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.transport.FcgiEndpoint;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Start-up probe: whether php-fpm answers {@code FCGI_GET_VALUES} on its socket (which proves the
 * socket accepts and a child serves). Holds one client for repeated polls; close it when done.
 * Not thread-safe.
 */
final class FpmProbe implements AutoCloseable {

    private final FcgiClient client;
    private final Duration timeout;

    FpmProbe(SocketAddress address, Duration timeout) {
        this.timeout = timeout;
        this.client = new FcgiClient(endpoint(address), FcgiClientSettings.builder()
                .connectTimeout(timeout).readTimeout(timeout).keepAlive(false).maxInFlight(1)
                .saturationWait(Duration.ZERO).build()); // a ping itself: no pool-sharing probe
    }

    static FcgiEndpoint endpoint(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress u) {
            return FcgiEndpoint.unix(u.getPath());
        }
        InetSocketAddress i = (InetSocketAddress) address;
        return FcgiEndpoint.tcp(i.getHostString(), i.getPort());
    }

    /** One poll; blocks at most about twice the timeout; never throws (restores an interrupt). */
    boolean answers() {
        try {
            return client.getValues(List.of("FCGI_MPXS_CONNS"))
                    .get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS) != null;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One probe on a fresh client. */
    static boolean answers(SocketAddress address, Duration timeout) {
        try (FpmProbe p = new FpmProbe(address, timeout)) {
            return p.answers();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
