package dev.fpmjms.gateway;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import dev.fpmjms.envelope.TraceContext;

/**
 * The failure reply of a request that was dead-lettered and has a JMSReplyTo, the same in every
 * engine: a message without a body, sent to the request's JMSReplyTo with the correlation a success
 * reply gets (JMSCorrelationID = the request's JMSMessageID), the request's delivery mode and
 * priority, and {@code JMS_FPM_FAILURE} (outcome class and detail), {@code JMS_FPM_STATUS} (when the
 * worker answered), {@code JMS_FPM_STDERR} (the first line of the worker's stderr, when it wrote
 * any), {@code JMS_FPM_ATTEMPTS} and {@code JMS_FPM_QUEUE} ({@code docs/delivery-outcomes.md}). A
 * caller tells it from a success reply by {@code JMS_FPM_FAILURE}, which a success reply never
 * carries. Stateless.
 */
public final class FailureReplies {

    /** What php-fpm puts before each line a worker logs to its FastCGI stderr. */
    private static final String PHP_MESSAGE = "PHP message:";

    private FailureReplies() {
    }

    /**
     * The failure reply to {@code request}.
     *
     * @param workerQueue the worker queue the request was sent to
     * @param request     the request as last delivered (its deliveryCount counts the attempts)
     * @param lastOutcome the outcome of the last attempt
     * @return the reply, with no message id or timestamp (the engine stamps them)
     * @throws IllegalArgumentException when the request has no JMSReplyTo
     */
    public static FpmEnvelope of(String workerQueue, FpmEnvelope request, DeliveryOutcome lastOutcome) {
        if (request.replyTo() == null) {
            throw new IllegalArgumentException("request " + request.messageId() + " has no JMSReplyTo");
        }
        FpmEnvelope.Builder b = FpmEnvelope.builder(request.replyTo())
                .correlationId(request.messageId())
                .persistent(request.persistent())
                .priority(request.priority())
                .body(BodyType.NONE, null)
                .property(ProviderProperties.JMS_FPM_FAILURE, DeadLetters.truncate(failureText(lastOutcome)))
                .property(ProviderProperties.JMS_FPM_ATTEMPTS, request.deliveryCount())
                .property(ProviderProperties.JMS_FPM_QUEUE, workerQueue);
        if (lastOutcome.status() >= 0) {
            b.property(ProviderProperties.JMS_FPM_STATUS, lastOutcome.status());
        }
        String line = firstLine(lastOutcome.stderr());
        if (!line.isEmpty()) {
            b.property(ProviderProperties.JMS_FPM_STDERR, DeadLetters.truncate(line));
        }
        return TraceContext.carried(b.build(), TraceContext.of(request));
    }

    /** {@code RESULT: detail}, the form {@code JMS_FPM_FAILURE} has on dead letters too. */
    static String failureText(DeliveryOutcome outcome) {
        return outcome.result() + ": " + outcome.detail();
    }

    /**
     * The first line of {@code text} that is not blank, trimmed and without php-fpm's
     * {@code PHP message: } prefix, or the empty string: the line of a worker's stderr that names
     * the cause, e.g. {@code PHP Fatal error:  Uncaught Error: ... in /srv/invoice.php:12}.
     */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                String l = line.strip();
                return l.startsWith(PHP_MESSAGE) ? l.substring(PHP_MESSAGE.length()).strip() : l;
            }
        }
        return "";
    }
}
