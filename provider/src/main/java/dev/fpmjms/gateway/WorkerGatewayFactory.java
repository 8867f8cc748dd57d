package dev.fpmjms.gateway;

import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.health.RouteHealth;

import java.time.Duration;
import java.util.Optional;

/**
 * Opens the gateway of each worker queue. Owns what gateways share, such as the embedded
 * php-fpm, and closes it in {@link #close()}. Thread-safe.
 */
public interface WorkerGatewayFactory extends AutoCloseable {

    /**
     * Opens the gateway for one worker queue.
     *
     * @param queueName the queue's name (the default route serves many names)
     * @param route     the route that serves it
     */
    WorkerGateway open(String queueName, FpmRoute route);

    /**
     * Checks the route's php-fpm endpoints now ({@code docs/operations.md}); blocks up to a few
     * times the route's connect timeout. Gateways that are not FastCGI (test fakes) have nothing to
     * check: empty.
     *
     * @throws IllegalStateException when the factory is closed
     */
    default Optional<RouteHealth> health(FpmRoute route) {
        return Optional.empty();
    }

    /**
     * At the end of the JVM, lets what the gateways own wait up to {@code grace} for
     * {@link #close()} before its own shutdown hook stops it (the embedded php-fpm): the engine's
     * shutdown hook drains the queues first, which needs php-fpm, and then closes this factory.
     * Default: nothing to wait for.
     */
    default void awaitCloseAtJvmExit(Duration grace) {
    }

    @Override
    void close();
}
