package dev.fpmjms.gateway;

import dev.fpmjms.envelope.FpmEnvelope;

import java.util.concurrent.CompletableFuture;

/**
 * Delivers messages of one worker queue to its PHP workers, one attempt per call. The engine
 * keeps at most twice the route's {@code maxInFlight} deliveries outstanding per worker queue (its
 * dispatch window); the FastCGI client runs at most {@code maxInFlight} of them in php-fpm and
 * holds the rest until a child is free. The engine applies the retry policy to the outcomes; the
 * gateway never retries on its own (except for a stale keep-alive connection, which is not a
 * delivery).
 *
 * <p>Thread-safe. {@link #deliver} never blocks; its future never completes exceptionally:
 * every failure is a {@link DeliveryOutcome}.
 */
public interface WorkerGateway extends AutoCloseable {

    /**
     * Sends one message to a worker.
     *
     * @param request the message as it is delivered this time (its deliveryCount counts this attempt)
     * @return the outcome, completed on a transport thread: callers must not block in it
     */
    CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request);

    /** Closes connections; pending deliveries complete as NOT_DELIVERED. */
    @Override
    void close();
}
