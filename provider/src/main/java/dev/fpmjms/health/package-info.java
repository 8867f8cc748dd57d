/**
 * Health of the routes to php-fpm, true to php-fpm: whether each endpoint answers
 * {@code FCGI_GET_VALUES} (the socket accepts and a child serves) and, when the pool's {@code ping.path}
 * is known, its ping, and, when the pool's status page is known, what it says (processes, listen queue, max children reached). Immutable records
 * ({@link dev.fpmjms.health.RouteHealth}, {@link dev.fpmjms.health.EndpointHealth},
 * {@link dev.fpmjms.health.PoolStatus}), the check ({@link dev.fpmjms.health.FpmHealthCheck}) and
 * their JMX form ({@link dev.fpmjms.health.RouteHealthMXBean}, registered by
 * {@link dev.fpmjms.health.HealthJmx}); see {@code docs/operations.md}.
 *
 * <p>Layer: beside {@code gateway}, above transport and fastcgi. May import {@code transport} and
 * {@code fastcgi}; never the engine, {@code config} or {@code jakarta.jms}.
 */
package dev.fpmjms.health;
