package dev.fpmjms.spring.boot;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.health.EndpointHealth;
import dev.fpmjms.health.PoolStatus;
import dev.fpmjms.health.RouteHealth;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.JMSException;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The health of one {@link FpmConnectionFactory}'s routes, as {@code dev.fpmjms.health} checks them
 * ({@code docs/operations.md#health}): each php-fpm endpoint reachable ({@code FCGI_GET_VALUES}) and,
 * when the pool's status page is known, its processes, listen queue and max children reached.
 *
 * <ul>
 * <li>{@code UP}: every endpoint of every route answered (also when the engine has no php-fpm
 *     routes, only local queues);</li>
 * <li>{@code DOWN}: some endpoint did not answer (details name the route, the endpoint and why), or
 *     the check failed (the engine could not start, the factory is closed);</li>
 * <li>{@code UNKNOWN}: the factory is in broker mode, whose queues and dispatchers live with the
 *     broker.</li>
 * </ul>
 *
 * <p>Details: {@code engine} (the configuration's name) and {@code routes}, one entry per queue
 * ({@code *} for the default route) with its {@code status} and {@code endpoints}.
 *
 * <p><b>Threads.</b> Called by Actuator on the thread that asks for health; blocks while the routes
 * are checked, up to a few of each route's {@code connectTimeout} per endpoint. Uses
 * {@link FpmConnectionFactory#health()}, which starts the factory's engine if none runs (as a first
 * connection would), so a wrong socket shows before the first send.
 */
final class FpmHealthIndicator extends AbstractHealthIndicator {

    private final FpmConnectionFactory factory;

    FpmHealthIndicator(FpmConnectionFactory factory) {
        super("fpm-jms health check failed");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws JMSException {
        FpmConfig config = factory.getConfig();
        builder.withDetail("engine", config.name());
        if (config.broker() != null) {
            builder.unknown().withDetail("broker", "broker mode: queues and dispatchers live with the broker");
            return;
        }
        List<RouteHealth> routes = factory.health();
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (RouteHealth route : routes) {
            details.put(route.queue(), route(route));
            up &= route.up();
        }
        builder.status(up ? Status.UP : Status.DOWN).withDetail("routes", details);
    }

    private static Map<String, Object> route(RouteHealth route) {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (EndpointHealth e : route.endpoints()) {
            endpoints.add(endpoint(e));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", route.up() ? Status.UP.getCode() : Status.DOWN.getCode());
        out.put("endpoints", endpoints);
        return out;
    }

    private static Map<String, Object> endpoint(EndpointHealth e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpoint", e.endpoint());
        out.put("reachable", e.reachable());
        if (e.failure() != null) {
            out.put("failure", e.failure());
        }
        e.poolStatus().ifPresent(s -> out.put("pool", pool(s)));
        out.put("checkedAt", e.checkedAt().toString());
        return out;
    }

    private static Map<String, Object> pool(PoolStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pool", s.pool());
        out.put("activeProcesses", s.activeProcesses());
        out.put("idleProcesses", s.idleProcesses());
        out.put("totalProcesses", s.totalProcesses());
        out.put("listenQueue", s.listenQueue());
        out.put("maxChildrenReached", s.maxChildrenReached());
        out.put("acceptedConnections", s.acceptedConnections());
        return out;
    }
}
