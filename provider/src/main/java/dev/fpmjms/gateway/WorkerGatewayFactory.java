package dev.fpmjms.gateway;

import dev.fpmjms.config.FpmRoute;

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

    @Override
    void close();
}
