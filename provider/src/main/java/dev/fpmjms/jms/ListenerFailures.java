package dev.fpmjms.jms;

import dev.fpmjms.engine.Delivery;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a MessageListener throws. In AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE mode the
 * spec redelivers the message at once; so that a listener that always fails cannot spin forever,
 * the message goes to the dead-letter queue after {@link FpmSession#MAX_LISTENER_DELIVERIES}
 * deliveries, with the failure as a property. In the other modes the message stays
 * unacknowledged until the application acknowledges, recovers, commits or rolls back.
 */
final class ListenerFailures {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerFailures.class);
    private static final long RETRY_AFTER_DEAD_LETTER_FAILURE_MILLIS = 1000;

    private ListenerFailures() {
    }

    static void handle(FpmSession session, FpmMessageConsumer consumer, Delivery d, RuntimeException failure, boolean auto) {
        FpmEnvelope envelope = d.envelope();
        if (envelope.deliveryCount() <= 1) {
            LOG.warn("{}: MessageListener of {} threw on message {}", session.name(), consumer,
                    envelope.messageId(), failure);
        } else {
            LOG.warn("{}: MessageListener of {} threw on message {} again (delivery {}): {}", session.name(),
                    consumer, envelope.messageId(), envelope.deliveryCount(), failure.toString());
        }
        if (!auto) {
            return;
        }
        if (envelope.deliveryCount() < FpmSession.MAX_LISTENER_DELIVERIES) {
            d.release(true, 0);
            return;
        }
        FpmEngine engine = session.engine();
        String dlq = engine.config().deadLetterQueue();
        try {
            engine.send(envelope.toBuilder()
                    .destination(DestinationRef.queue(dlq))
                    .property(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION, envelope.destination().toString())
                    .property(ProviderProperties.JMS_FPM_ATTEMPTS, envelope.deliveryCount())
                    .property(ProviderProperties.JMS_FPM_FAILURE, "MessageListener threw " + failure)
                    .build());
            d.acknowledge();
            LOG.warn("{}: message {} dead-lettered to '{}' after {} failed listener deliveries",
                    session.name(), envelope.messageId(), dlq, envelope.deliveryCount());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.error("{}: could not dead-letter message {}; it is retried", session.name(), envelope.messageId(), e);
            d.release(true, System.currentTimeMillis() + RETRY_AFTER_DEAD_LETTER_FAILURE_MILLIS);
        }
    }
}
