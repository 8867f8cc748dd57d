package dev.fpmjms.gateway;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dead letter of a request whose delivery failed for good, the same in every engine: the
 * request, addressed to the dead-letter queue, with {@code JMS_FPM_ORIGINAL_DESTINATION},
 * {@code JMS_FPM_ATTEMPTS}, {@code JMS_FPM_FAILURE}, {@code JMS_FPM_STDERR} and (when the worker
 * answered) {@code JMS_FPM_STATUS} ({@code docs/delivery-outcomes.md}). Stateless.
 */
public final class DeadLetters {
    /** The most characters kept of the failure and stderr texts. */
    static final int MAX_TEXT = 8192;

    private DeadLetters() {
    }

    /**
     * The dead letter for {@code request}.
     *
     * @param workerQueue     the worker queue the request was sent to
     * @param request         the request as last delivered (its deliveryCount counts the attempts)
     * @param lastOutcome     the outcome of the last attempt
     * @param deadLetterQueue the name of the dead-letter queue
     */
    public static FpmEnvelope of(String workerQueue, FpmEnvelope request, DeliveryOutcome lastOutcome,
                                 String deadLetterQueue) {
        FpmEnvelope.Builder b = request.toBuilder()
                .destination(DestinationRef.queue(deadLetterQueue))
                .property(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION, workerQueue)
                .property(ProviderProperties.JMS_FPM_ATTEMPTS, request.deliveryCount())
                .property(ProviderProperties.JMS_FPM_FAILURE, truncate(lastOutcome.result() + ": " + lastOutcome.detail()))
                .property(ProviderProperties.JMS_FPM_STDERR, truncate(lastOutcome.stderr()));
        if (lastOutcome.status() >= 0) {
            b.property(ProviderProperties.JMS_FPM_STATUS, lastOutcome.status());
        }
        return b.build();
    }

    /**
     * The worker queue a dead letter came from, to which a replay sends it: its
     * {@code JMS_FPM_ORIGINAL_DESTINATION} when that is a plain queue name, as {@link #of} writes it.
     * A reply whose destination was gone and a message a MessageListener kept failing carry the
     * {@code KIND:name} form ({@link DestinationRef#toString()}) instead: they are no work for PHP,
     * and this returns {@code null} for them, as for a message without the property.
     */
    public static String workerQueue(FpmEnvelope deadLetter) {
        Object original = deadLetter.properties().get(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION);
        if (!(original instanceof String name) || name.isEmpty()) {
            return null;
        }
        for (DestinationRef.Kind kind : DestinationRef.Kind.values()) {
            if (name.startsWith(kind.name() + ":")) {
                return null;
            }
        }
        return name;
    }

    /**
     * The request a dead letter becomes when it is replayed to {@code workerQueue}: its
     * JMSMessageID, body, headers, persistence and its own properties, without the {@code JMS_FPM_*}
     * properties and with a fresh attempt count (JMSRedelivered false, JMSXDeliveryCount 0), so
     * that the route's retry policy applies anew.
     */
    public static FpmEnvelope forReplay(FpmEnvelope deadLetter, String workerQueue) {
        Map<String, Object> properties = new LinkedHashMap<>(deadLetter.properties());
        properties.keySet().removeIf(name -> name.startsWith(ProviderProperties.JMS_FPM_PREFIX));
        return deadLetter.toBuilder().destination(DestinationRef.queue(workerQueue)).properties(properties)
                .redelivered(false).deliveryCount(0).senderSession(0).build();
    }

    /** The text cut to {@link #MAX_TEXT} characters, marked when cut. */
    public static String truncate(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }
}
