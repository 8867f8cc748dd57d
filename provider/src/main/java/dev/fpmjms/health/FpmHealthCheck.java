package dev.fpmjms.health;

import dev.fpmjms.fastcgi.CgiResponse;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiProtocolException;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.transport.FcgiEndpoint;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks one php-fpm endpoint: {@code FCGI_GET_VALUES} on a fresh connection (php-fpm answers it
 * at once without running PHP, then closes the connection), then, when a ping path is given, the
 * pool's {@code ping.path} (answered by a child without running PHP: proves a child takes
 * requests), then, when a status path is given, the pool's status page, both asked for over
 * FastCGI. Uses a client of its own (one connection at a time, no
 * keep-alive, no pool-sharing probe), so a check neither waits behind nor pins the route's
 * requests; but like any request it needs a free child, so a saturated pool may time out.
 *
 * <p><b>Threads.</b> Blocks the calling thread for at most about three times {@code timeout}; never
 * throws for a failed check (the failure is in the result); restores an interrupt.
 */
public final class FpmHealthCheck {

    private static final int MAX_STATUS_HEAD_BYTES = 16 * 1024;
    /** php-fpm's {@code ping.response} unless the pool sets another. */
    private static final String DEFAULT_PING_RESPONSE = "pong";

    private FpmHealthCheck() {
    }

    /**
     * Checks one endpoint without the pool's ping path: {@code check(endpoint, statusPath, null, null, timeout, clock)}.
     */
    public static EndpointHealth check(FcgiEndpoint endpoint, String statusPath, Duration timeout, Clock clock) {
        return check(endpoint, statusPath, null, null, timeout, clock);
    }

    /**
     * Checks one endpoint.
     *
     * @param endpoint     the endpoint
     * @param statusPath   the pool's {@code pm.status_path}, or {@code null} for no status page
     * @param pingPath     the pool's {@code ping.path}, or {@code null} for no ping: an endpoint
     *                     whose ping does not answer HTTP 200 with {@code pingResponse} is
     *                     unreachable, the failure naming what it answered
     * @param pingResponse the pool's {@code ping.response} (ignored without a ping path)
     * @param timeout      connect and read timeout of each request
     */
    public static EndpointHealth check(FcgiEndpoint endpoint, String statusPath, String pingPath, String pingResponse,
                                       Duration timeout, Clock clock) {
        FcgiClientSettings settings = FcgiClientSettings.builder().connectTimeout(timeout).readTimeout(timeout)
                .keepAlive(false).maxInFlight(1).saturationWait(Duration.ZERO).build();
        String name = endpoint.toString();
        try (FcgiClient client = new FcgiClient(endpoint, settings)) {
            Map<String, String> values;
            try {
                values = await(client.getValues(List.of("FCGI_MPXS_CONNS")), timeout);
            } catch (ExecutionException | TimeoutException e) {
                return new EndpointHealth(name, false, "no answer to FCGI_GET_VALUES: " + cause(e), null, clock.instant());
            }
            if (values != null && pingPath != null) {
                String failure = ping(client, pingPath, pingResponse, timeout);
                if (failure != null) {
                    return new EndpointHealth(name, false, failure, null, clock.instant());
                }
            }
            if (values == null || statusPath == null) {
                return new EndpointHealth(name, values != null, null, null, clock.instant());
            }
            try {
                PoolStatus status = readStatus(client, statusPath, timeout);
                return new EndpointHealth(name, true, null, status, clock.instant());
            } catch (ExecutionException | TimeoutException | IllegalArgumentException | FcgiProtocolException e) {
                return new EndpointHealth(name, true, "status page " + statusPath + " unreadable: " + cause(e), null,
                        clock.instant());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EndpointHealth(name, false, "interrupted", null, clock.instant());
        }
    }

    /** Asks for the pool's ping path; {@code null} when it answered as expected, else the failure. */
    private static String ping(FcgiClient client, String pingPath, String pingResponse, Duration timeout)
            throws InterruptedException {
        String expected = pingResponse == null ? DEFAULT_PING_RESPONSE : pingResponse;
        try {
            CgiResponse page = get(client, pingPath, timeout);
            String body = new String(page.body(), StandardCharsets.UTF_8).strip();
            if (page.status() != 200) {
                return "ping " + pingPath + " answered HTTP " + page.status() + " (is the pool's ping.path " + pingPath + "?)";
            }
            if (!body.equals(expected)) {
                return "ping " + pingPath + " answered '" + abbreviate(body) + "', not '" + expected
                        + "' (the pool's ping.response; route option pingResponse)";
            }
            return null;
        } catch (ExecutionException | TimeoutException | FcgiProtocolException e) {
            return "ping " + pingPath + " failed: " + cause(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** A GET of a path the pool answers itself (status page, ping), asked for like a script. */
    private static CgiResponse get(FcgiClient client, String path, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException, FcgiProtocolException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SCRIPT_NAME", path);
        params.put("SCRIPT_FILENAME", path);
        params.put("REQUEST_URI", path);
        params.put("REQUEST_METHOD", "GET");
        params.put("QUERY_STRING", "");
        FcgiResponse r = await(client.execute(params, new byte[0]), timeout);
        return CgiResponseParser.parse(r.stdout(), MAX_STATUS_HEAD_BYTES);
    }

    private static PoolStatus readStatus(FcgiClient client, String statusPath, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException, FcgiProtocolException {
        CgiResponse page = get(client, statusPath, timeout);
        if (page.status() != 200) {
            throw new IllegalArgumentException("HTTP " + page.status() + " (is the pool's pm.status_path " + statusPath + "?)");
        }
        return PoolStatus.parse(new String(page.body(), StandardCharsets.UTF_8));
    }

    private static <T> T await(CompletableFuture<T> f, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            // The client's own timeouts end the request; this bound only guards against a lost answer.
            return f.get(timeout.toMillis() * 3 + 1000, TimeUnit.MILLISECONDS);
        } finally {
            f.cancel(false);
        }
    }

    private static String cause(Exception e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof TimeoutException ? "timed out" : String.valueOf(t.getMessage());
    }
}
