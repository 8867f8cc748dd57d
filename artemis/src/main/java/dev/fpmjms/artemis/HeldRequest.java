package dev.fpmjms.artemis;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome;
import org.apache.activemq.artemis.api.core.client.ClientMessage;

/**
 * A request a dispatcher holds: delivered to it by the broker and not yet settled (its
 * acknowledgement not committed). Mutable; used by the thread that owns the dispatcher's session
 * only ({@link RequestWindow}, {@link DispatchPipeline}).
 */
final class HeldRequest {
    /** The broker's message, acknowledged when settled; null in tests without a broker. */
    final ClientMessage message;
    /** The request as PHP sees it. */
    final FpmEnvelope request;
    /** Consecutive attempts that did not reach php-fpm. */
    int unreachable;
    /** When a request that did not reach php-fpm may be delivered again ({@link System#nanoTime()}). */
    long retryAtNanos;
    /** The outcome to settle, once there is one (never {@code NOT_DELIVERED}). */
    DeliveryOutcome outcome;

    HeldRequest(ClientMessage message, FpmEnvelope request) {
        this.message = message;
        this.request = request;
    }

    @Override
    public String toString() {
        return "request " + request.messageId();
    }
}
