package dev.fpmjms.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.health.EndpointHealth;
import dev.fpmjms.health.FpmHealthCheck;
import dev.fpmjms.health.RouteHealth;
import dev.fpmjms.tracing.Tracing;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.transport.FcgiEndpoint;
import dev.fpmjms.transport.FcgiReplyBudget;
import dev.fpmjms.wire.WireRequestEncoder;

import java.time.Clock;
import java.util.ArrayList;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens FastCGI gateways for the routes of one configuration. Starts the embedded php-fpm on
 * first use when a route's endpoint is {@code embedded}, and stops it in {@link #close()}.
 *
 * <p>The clients of a route are shared by every queue the route serves, so the route's
 * {@code maxInFlight} bounds the requests to its pool even when the default route serves many
 * queue names. Thread-safe.
 */
public final class FcgiGatewayFactory implements WorkerGatewayFactory {
    private static final Logger LOG = LoggerFactory.getLogger(FcgiGatewayFactory.class);
    private static final String BUILTIN = "builtin:";
    private static final String ECHO_SCRIPT = BUILTIN + "echo";
    private static final int MAX_STDERR_BYTES = 64 * 1024;

    private final FpmConfig config;
    private final Tracing tracing;
    private final Map<FpmRoute, List<FcgiClient>> clientsByRoute = new IdentityHashMap<>();
    private EmbeddedPhpFpm embedded;
    private boolean closed;
    /** How long the embedded php-fpm waits for {@link #close()} at the end of the JVM. */
    private Duration jvmExitGrace = Duration.ZERO;

    public FcgiGatewayFactory(FpmConfig config) {
        this.config = config;
        this.tracing = Tracing.of(config.tracing());
    }

    @Override
    public synchronized WorkerGateway open(String queueName, FpmRoute route) {
        if (closed) {
            throw new IllegalStateException("fpm-jms '" + config.name() + "' is shut down");
        }
        List<FcgiClient> clients = clientsByRoute.get(route);
        if (clients == null) {
            clients = openClients(route);
            clientsByRoute.put(route, clients);
        }
        return new FcgiWorkerGateway(queueName, WireRequestEncoder.forRoute(queueName, scriptFor(route), route.params(),
                route.wireProtocol()), clients, ECHO_SCRIPT.equals(route.script()), tracing);
    }

    private List<FcgiClient> openClients(FpmRoute route) {
        FcgiClientSettings settings = FcgiClientSettings.builder()
                .connectTimeout(route.connectTimeout())
                .readTimeout(route.readTimeout())
                .keepAlive(route.keepAlive())
                .maxInFlight(route.maxInFlight())
                .maxStdoutBytes(route.maxReplyBytes())
                .maxStderrBytes(MAX_STDERR_BYTES)
                .maxIdleConnections(route.maxInFlight())
                .idleLinger(route.idleLinger())
                .saturationWait(route.saturationWait())
                .pipeline(route.pipeline())
                .build();
        // One budget for every endpoint of the route: its replies together stay within it.
        FcgiReplyBudget budget = FcgiReplyBudget.forRoute(route.queue(), route.maxInFlight() * route.endpoints().size(),
                route.maxReplyBytes());
        List<FcgiClient> clients = new ArrayList<>();
        for (String endpoint : route.endpoints()) {
            String problem = socketProblem(endpoint);
            if (problem != null) {
                LOG.warn("fpm-jms '{}': route '{}': {}; its messages wait and are retried until php-fpm listens there",
                        config.name(), route.queue(), problem);
            }
            String address = FpmRoute.EMBEDDED.equals(endpoint) ? embedded().endpointString() : endpoint;
            clients.add(new FcgiClient(FcgiEndpoint.parse(address), settings, budget));
        }
        return clients;
    }

    /**
     * Checks each endpoint with {@link FpmHealthCheck} (timeout: the route's connect timeout). The
     * status page is the route's {@code statusPath}, the ping the route's {@code pingPath} (with
     * its {@code pingResponse}); for the embedded php-fpm, its own unless the route names them.
     * Starts the embedded php-fpm if the route uses it and it is not running yet, as opening the
     * route would.
     */
    @Override
    public Optional<RouteHealth> health(FpmRoute route) {
        List<String> addresses = new ArrayList<>();
        EmbeddedPhpFpm embeddedFpm;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("fpm-jms '" + config.name() + "' is shut down");
            }
            embeddedFpm = route.endpoints().contains(FpmRoute.EMBEDDED) ? embedded() : null;
            for (String endpoint : route.endpoints()) {
                addresses.add(FpmRoute.EMBEDDED.equals(endpoint) ? embeddedFpm.endpointString() : endpoint);
            }
        }
        List<EndpointHealth> results = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            boolean isEmbedded = FpmRoute.EMBEDDED.equals(route.endpoints().get(i));
            String statusPath = route.statusPath() != null ? route.statusPath()
                    : isEmbedded ? embeddedFpm.statusPath() : null;
            String pingPath = route.pingPath() != null ? route.pingPath() : isEmbedded ? embeddedFpm.pingPath() : null;
            String pingResponse = route.pingPath() != null ? route.pingResponse() : FpmRoute.DEFAULT_PING_RESPONSE;
            results.add(FpmHealthCheck.check(FcgiEndpoint.parse(addresses.get(i)), statusPath, pingPath, pingResponse,
                    route.connectTimeout(), Clock.systemUTC()));
        }
        return Optional.of(new RouteHealth(route.queue(), results));
    }

    /**
     * What is wrong with a unix-socket endpoint that can be seen without connecting (no such file,
     * not a socket), for a WARN when the route opens rather than at its first send; {@code null}
     * for a socket that exists, a TCP endpoint or the embedded php-fpm.
     */
    static String socketProblem(String endpoint) {
        if (FpmRoute.EMBEDDED.equals(endpoint) || !(endpoint.startsWith("/") || endpoint.startsWith("unix:"))) {
            return null;
        }
        Path path = Path.of(endpoint.startsWith("unix:") ? endpoint.substring(5) : endpoint);
        if (!Files.exists(path)) {
            return "php-fpm socket " + path + " does not exist (php-fpm not running, or the pool's listen path differs)";
        }
        try {
            Object type = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (type instanceof Integer mode && (mode & 0170000) != 0140000 && !Files.isSymbolicLink(path)) {
                return path + " is not a socket (the pool's listen path is another file)";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // the connect will tell
        }
        return null;
    }

    private String scriptFor(FpmRoute route) {
        String script = route.script();
        if (!script.startsWith(BUILTIN)) {
            return script;
        }
        if (!route.endpoints().contains(FpmRoute.EMBEDDED)) {
            throw new IllegalArgumentException("route '" + route.queue() + "': script " + script
                    + " is served by the embedded php-fpm only; for your own pool copy the shipped scripts"
                    + " (docs/wire-contract.md) and give their absolute path");
        }
        return embedded().builtinScript(script.substring(BUILTIN.length())).toString();
    }

    private EmbeddedPhpFpm embedded() {
        if (embedded == null) {
            if (config.embeddedFpm() == null) {
                throw new IllegalStateException("a route uses the embedded php-fpm but no embeddedFpm settings are configured");
            }
            embedded = new EmbeddedPhpFpm(config.embeddedFpm()).start();
            embedded.awaitCloseAtJvmExit(jvmExitGrace);
        }
        return embedded;
    }

    @Override
    public synchronized void awaitCloseAtJvmExit(Duration grace) {
        jvmExitGrace = grace;
        if (embedded != null) {
            embedded.awaitCloseAtJvmExit(grace);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (List<FcgiClient> clients : clientsByRoute.values()) {
            for (FcgiClient c : clients) {
                c.close();
            }
        }
        clientsByRoute.clear();
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
