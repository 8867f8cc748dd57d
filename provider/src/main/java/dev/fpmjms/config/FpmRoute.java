package dev.fpmjms.config;

import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.wire.WireRequestEncoder;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the messages of one worker queue go: php-fpm endpoints, a script, limits and policies.
 *
 * <p>Immutable; validated when built. Endpoint grammar (see {@code docs/configuration.md}):
 * {@code embedded} (the provider's own php-fpm), {@code unix:/abs/path.sock}, {@code /abs/path.sock},
 * {@code tcp://host:port} or {@code host:port}. Script grammar: an absolute path to a {@code .php}
 * file on the php-fpm side, or {@code builtin:NAME} for a worker shipped with fpm-jms
 * ({@code builtin:echo}).
 *
 * @param queue        the queue name, or {@link #ANY_QUEUE} for the default route
 * @param endpoints    one or more php-fpm endpoints; requests are spread over them
 * @param script       SCRIPT_FILENAME for the requests
 * @param maxInFlight  the ceiling of requests in flight at once per endpoint; fewer run while the
 *                     pool is saturated ({@code saturationWait}); keep it at or below the pool's
 *                     {@code pm.max_children}
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout  how long to wait for the worker's reply once a php-fpm child has the request;
 *                     a request that waits this long for a child is not delivered (not counted)
 * @param keepAlive    reuse connections (FCGI_KEEP_CONN); a kept connection pins a php-fpm child
 * @param params       extra CGI params sent with every request
 * @param replyPolicy  keep or discard replies
 * @param retryPolicy  how failures are retried
 * @param maxReplyBytes the largest worker output accepted; a larger one is a failed delivery
 * @param wireProtocol the wire protocol version of the requests: 2 (the default, headers at
 *                     their JMS defaults left out) or 1 (every header always sent, for workers
 *                     written against protocol 1); see {@code docs/wire-contract.md}
 * @param idleLinger   how long an unused kept connection stays open before its child goes back to
 *                     the pool; zero or more
 * @param saturationWait how long the client's probe may wait for a child before the pool counts as
 *                     saturated and fewer requests run; zero turns the pool-sharing rules off
 *                     ({@code docs/sharing-a-pool.md})
 * @param replyOrder   whether the queue's consumers see one producer's replies in its send order
 *                     (the default) or as PHP completes them
 * @param statusPath   the pool's {@code pm.status_path} (absolute, e.g. {@code /status}), asked for by
 *                     the health check ({@code docs/operations.md}); {@code null}: the health check
 *                     only pings the pool (the embedded php-fpm's status path is known without it)
 * @param failureReplies send a failure reply to the JMSReplyTo of a request that is dead-lettered
 *                     (only while replies are kept; {@code docs/delivery-outcomes.md})
 * @param pingPath     the pool's {@code ping.path} (absolute, e.g. {@code /ping}), asked for by the
 *                     health check after {@code FCGI_GET_VALUES}: an endpoint whose ping does not
 *                     answer {@code pingResponse} is unreachable; {@code null}: no ping (the
 *                     embedded php-fpm's ping path is known without it)
 * @param pingResponse what the pool's ping answers, its {@code ping.response} ({@value #DEFAULT_PING_RESPONSE}
 *                     unless configured)
 * @param pipeline     write the next waiting request behind one in progress on a kept connection
 *                     while every request slot is busy ({@link FcgiClientSettings#pipeline()}; a
 *                     request behind a slow one waits for it)
 */
public record FpmRoute(String queue, List<String> endpoints, String script, int maxInFlight,
                       Duration connectTimeout, Duration readTimeout, boolean keepAlive,
                       Map<String, String> params, ReplyPolicy replyPolicy, RetryPolicy retryPolicy,
                       int maxReplyBytes, int wireProtocol, Duration idleLinger, Duration saturationWait,
                       ReplyOrder replyOrder, String statusPath, boolean failureReplies, String pingPath,
                       String pingResponse, boolean pipeline) {

    /** The queue name of the default route, which serves every queue without a route of its own. */
    public static final String ANY_QUEUE = "*";

    /** php-fpm's default {@code ping.response}. */
    public static final String DEFAULT_PING_RESPONSE = "pong";

    /** The endpoint name for the provider's embedded php-fpm. */
    public static final String EMBEDDED = "embedded";

    public FpmRoute {
        ConfigChecks.require(queue != null && !queue.isBlank(), "route queue name", "non-blank", queue);
        ConfigChecks.require(endpoints != null && !endpoints.isEmpty(),
                "route '" + queue + "' endpoints", "at least one endpoint", endpoints);
        endpoints = List.copyOf(endpoints);
        for (String e : endpoints) {
            ConfigChecks.require(isValidEndpoint(e), "route '" + queue + "' endpoint",
                    "'embedded', 'unix:/abs/path', '/abs/path', 'tcp://host:port' or 'host:port'", e);
        }
        ConfigChecks.require(script != null && (script.startsWith("/") || script.startsWith("builtin:")),
                "route '" + queue + "' script", "an absolute path or builtin:NAME", script);
        ConfigChecks.require(maxInFlight >= 1, "route '" + queue + "' maxInFlight", "at least 1", maxInFlight);
        ConfigChecks.requirePositive(connectTimeout, "route '" + queue + "' connectTimeout");
        ConfigChecks.requirePositive(readTimeout, "route '" + queue + "' readTimeout");
        params = params == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(params));
        try {
            // Checked here so that a bad param fails the configuration, not every message of the route.
            WireRequestEncoder.checkRouteParams(params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("route '" + queue + "': " + e.getMessage(), e);
        }
        Objects.requireNonNull(replyPolicy, "replyPolicy");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(replyOrder, "replyOrder");
        ConfigChecks.require(maxReplyBytes >= 1024, "route '" + queue + "' maxReplyBytes", "at least 1024", maxReplyBytes);
        ConfigChecks.require(wireProtocol >= WireRequestEncoder.OLDEST_PROTOCOL_VERSION
                        && wireProtocol <= WireRequestEncoder.PROTOCOL_VERSION, "route '" + queue + "' wireProtocol",
                WireRequestEncoder.OLDEST_PROTOCOL_VERSION + " or " + WireRequestEncoder.PROTOCOL_VERSION, wireProtocol);
        ConfigChecks.requireNonNegative(idleLinger, "route '" + queue + "' idleLinger");
        ConfigChecks.requireNonNegative(saturationWait, "route '" + queue + "' saturationWait");
        ConfigChecks.require(statusPath == null || (statusPath.startsWith("/") && statusPath.indexOf(' ') < 0),
                "route '" + queue + "' statusPath", "an absolute path without spaces, like /status (the pool's pm.status_path)",
                statusPath);
        ConfigChecks.require(pingPath == null || (pingPath.startsWith("/") && pingPath.indexOf(' ') < 0),
                "route '" + queue + "' pingPath", "an absolute path without spaces, like /ping (the pool's ping.path)",
                pingPath);
        pingResponse = pingResponse == null ? DEFAULT_PING_RESPONSE : pingResponse;
        ConfigChecks.require(!pingResponse.isBlank() && pingResponse.strip().equals(pingResponse),
                "route '" + queue + "' pingResponse", "non-blank text without leading or trailing spaces (the pool's ping.response)",
                pingResponse);
    }

    /** Whether this is the default route. */
    public boolean isDefault() {
        return ANY_QUEUE.equals(queue);
    }

    /** A builder with defaults: embedded endpoint, 4 in flight, 5 s connect, 30 s read, keep-alive. */
    public static Builder builder(String queue) {
        return new Builder(queue);
    }

    /** A builder that starts from this route's values. */
    public Builder toBuilder() {
        Builder b = new Builder(queue);
        b.endpoints = endpoints;
        b.script = script;
        b.maxInFlight = maxInFlight;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.keepAlive = keepAlive;
        b.params = new LinkedHashMap<>(params);
        b.replyPolicy = replyPolicy;
        b.retryPolicy = retryPolicy;
        b.maxReplyBytes = maxReplyBytes;
        b.wireProtocol = wireProtocol;
        b.idleLinger = idleLinger;
        b.saturationWait = saturationWait;
        b.replyOrder = replyOrder;
        b.statusPath = statusPath;
        b.failureReplies = failureReplies;
        b.pingPath = pingPath;
        b.pingResponse = pingResponse;
        b.pipeline = pipeline;
        return b;
    }

    static boolean isValidEndpoint(String e) {
        if (e == null || e.isBlank()) {
            return false;
        }
        if (e.equals(EMBEDDED) || e.startsWith("/")) {
            return true;
        }
        if (e.startsWith("unix:")) {
            return e.length() > 6 && e.charAt(5) == '/';
        }
        String hostPort = e.startsWith("tcp://") ? e.substring(6) : e;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            return false;
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            return port > 0 && port < 65536;
        } catch (NumberFormatException ex) {
            return false;
        }
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final String queue;
        private List<String> endpoints = List.of(EMBEDDED);
        private String script = "builtin:echo";
        private int maxInFlight = 4;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private boolean keepAlive = true;
        private Map<String, String> params = new LinkedHashMap<>();
        private ReplyPolicy replyPolicy = ReplyPolicy.KEEP;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private int maxReplyBytes = 16 * 1024 * 1024;
        private int wireProtocol = WireRequestEncoder.PROTOCOL_VERSION;
        private Duration idleLinger = FcgiClientSettings.DEFAULT_IDLE_LINGER;
        private Duration saturationWait = FcgiClientSettings.DEFAULT_SATURATION_WAIT;
        private ReplyOrder replyOrder = ReplyOrder.PRODUCER;
        private String statusPath;
        private boolean failureReplies = true;
        private String pingPath;
        private String pingResponse = DEFAULT_PING_RESPONSE;
        private boolean pipeline = FcgiClientSettings.DEFAULT_PIPELINE;

        private Builder(String queue) {
            this.queue = queue;
        }

        public Builder endpoints(List<String> v) { endpoints = v; return this; }
        public Builder endpoint(String v) { endpoints = List.of(v); return this; }
        public Builder script(String v) { script = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder readTimeout(Duration v) { readTimeout = v; return this; }
        public Builder keepAlive(boolean v) { keepAlive = v; return this; }
        public Builder param(String name, String value) { params.put(name, value); return this; }
        public Builder params(Map<String, String> v) { params = new LinkedHashMap<>(v); return this; }
        public Builder replyPolicy(ReplyPolicy v) { replyPolicy = v; return this; }
        public Builder retryPolicy(RetryPolicy v) { retryPolicy = v; return this; }
        public Builder maxReplyBytes(int v) { maxReplyBytes = v; return this; }
        public Builder wireProtocol(int v) { wireProtocol = v; return this; }
        public Builder idleLinger(Duration v) { idleLinger = v; return this; }
        public Builder saturationWait(Duration v) { saturationWait = v; return this; }
        public Builder replyOrder(ReplyOrder v) { replyOrder = v; return this; }
        public Builder statusPath(String v) { statusPath = v; return this; }
        public Builder failureReplies(boolean v) { failureReplies = v; return this; }
        public Builder pingPath(String v) { pingPath = v; return this; }
        public Builder pingResponse(String v) { pingResponse = v; return this; }
        public Builder pipeline(boolean v) { pipeline = v; return this; }

        public FpmRoute build() {
            return new FpmRoute(queue, endpoints, script, maxInFlight, connectTimeout, readTimeout,
                    keepAlive, params, replyPolicy, retryPolicy, maxReplyBytes, wireProtocol, idleLinger, saturationWait,
                    replyOrder, statusPath, failureReplies, pingPath, pingResponse, pipeline);
        }
    }
}
