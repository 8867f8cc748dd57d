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

    /**
     * Refuses, before it is queued, a message that this gateway could never deliver with success,
     * whatever the worker does: one whose reply is known to go over a limit. Called on the sending
     * thread; may encode the message, so it costs up to one {@link #deliver}'s encoding. The
     * default accepts everything.
     *
     * @throws dev.fpmjms.envelope.MessageTooLargeException naming the limit and the value
     */
    default void checkSendable(FpmEnvelope request) {
    }

    /**
     * The deliveries in progress as the transport sees them, for a diagnostic dump when they make
     * no progress (the engine logs it when its shutdown's drain runs out). Any thread; the format
     * may change. The default says nothing.
     */
    default String describeState() {
        return "";
    }

    /** Closes connections; pending deliveries complete as NOT_DELIVERED. */
    @Override
    void close();
}
