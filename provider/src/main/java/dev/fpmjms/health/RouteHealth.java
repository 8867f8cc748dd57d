package dev.fpmjms.health;

import java.util.List;

/**
 * The health of one route: each of its php-fpm endpoints.
 *
 * @param queue     the route's queue name ({@code *} for the default route)
 * @param endpoints one entry per endpoint, in the route's order
 */
public record RouteHealth(String queue, List<EndpointHealth> endpoints) {

    public RouteHealth {
        endpoints = List.copyOf(endpoints);
    }

    /** Whether every endpoint answered. */
    public boolean up() {
        return !endpoints.isEmpty() && endpoints.stream().allMatch(EndpointHealth::reachable);
    }
}
