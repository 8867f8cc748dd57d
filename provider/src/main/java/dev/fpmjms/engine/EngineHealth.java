package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.health.HealthJmx;
import dev.fpmjms.health.RouteHealth;

import java.util.ArrayList;
import java.util.List;

/**
 * The health checks of an engine's routes, and their JMX registration for the engine's lifetime.
 * Thread-safe.
 */
final class EngineHealth {

    private final FpmConfig config;
    private final WorkerGatewayFactory gateways;
    private final List<Runnable> registrations = new ArrayList<>();

    EngineHealth(FpmConfig config, WorkerGatewayFactory gateways) {
        this.config = config;
        this.gateways = gateways;
    }

    /** The configured routes, the subscriptions' routes ({@code <topic>::<name>}), the default route last. */
    private List<FpmRoute> routes() {
        List<FpmRoute> routes = new ArrayList<>(config.routes().values());
        routes.addAll(config.subscriptions().values());
        if (config.defaultRoute() != null) {
            routes.add(config.defaultRoute());
        }
        return routes;
    }

    /** Checks every route now; blocks (see {@link WorkerGatewayFactory#health}). */
    List<RouteHealth> check() {
        List<RouteHealth> result = new ArrayList<>();
        for (FpmRoute r : routes()) {
            gateways.health(r).ifPresent(result::add);
        }
        return List.copyOf(result);
    }

    synchronized void registerJmx() {
        for (FpmRoute r : routes()) {
            registrations.add(HealthJmx.register(config.name(), r.queue(),
                    () -> gateways.health(r).orElseGet(() -> new RouteHealth(r.queue(), List.of()))));
        }
    }

    synchronized void unregisterJmx() {
        registrations.forEach(Runnable::run);
        registrations.clear();
    }
}
