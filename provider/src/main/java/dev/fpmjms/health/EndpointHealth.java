package dev.fpmjms.health;

import java.time.Instant;
import java.util.Optional;

/**
 * The health of one php-fpm endpoint of a route at one moment.
 *
 * @param endpoint  the endpoint checked ({@code unix:/path} or {@code tcp://host:port})
 * @param reachable whether it answered {@code FCGI_GET_VALUES} (the socket accepts and a child serves)
 *                  and, when the route has a ping path, the ping with the expected response
 * @param failure   why it is unreachable, or why its status page could not be read; {@code null} when neither
 * @param status    the pool's status page, when the route names it and it was read
 * @param checkedAt when the check ended
 */
public record EndpointHealth(String endpoint, boolean reachable, String failure, PoolStatus status, Instant checkedAt) {

    /** The status page, if read. */
    public Optional<PoolStatus> poolStatus() {
        return Optional.ofNullable(status);
    }
}
