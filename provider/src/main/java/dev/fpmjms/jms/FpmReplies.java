package dev.fpmjms.jms;

import dev.fpmjms.envelope.ProviderProperties;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * Tells a worker's failure reply from its success reply, for callers that wait for replies
 * ({@code JmsTemplate.sendAndReceive}, {@code QueueRequestor}, a consumer on a JMSReplyTo). A
 * request with a JMSReplyTo that is dead-lettered gets a failure reply there, which carries
 * {@code JMS_FPM_FAILURE}; a success reply never does ({@code docs/delivery-outcomes.md}). Works on
 * any {@link Message}, also one received through another provider's bridge. Stateless; thread-safe.
 */
public final class FpmReplies {

    private FpmReplies() {
    }

    /**
     * Whether {@code reply} is a failure reply.
     *
     * @throws JMSException the message's properties cannot be read
     */
    public static boolean isFailure(Message reply) throws JMSException {
        return reply != null && reply.propertyExists(ProviderProperties.JMS_FPM_FAILURE);
    }

    /**
     * {@code reply} itself when it is a success reply (or {@code null}, a receive that timed out);
     * for a failure reply, a {@link JMSException} whose message names the worker queue, the
     * attempts, the failure and the first line of the worker's stderr, and whose error code is the
     * worker's HTTP status (or {@code JMS_FPM_FAILURE} when the worker gave none).
     *
     * @throws JMSException the reply is a failure reply, or its properties cannot be read
     */
    public static Message requireSuccess(Message reply) throws JMSException {
        if (!isFailure(reply)) {
            return reply;
        }
        String stderr = reply.getStringProperty(ProviderProperties.JMS_FPM_STDERR);
        String text = "worker queue '" + reply.getStringProperty(ProviderProperties.JMS_FPM_QUEUE) + "' failed the request "
                + reply.getJMSCorrelationID() + " after " + reply.getObjectProperty(ProviderProperties.JMS_FPM_ATTEMPTS)
                + " attempt(s): " + reply.getStringProperty(ProviderProperties.JMS_FPM_FAILURE)
                + (stderr == null ? "" : "; stderr: " + stderr);
        String code = reply.propertyExists(ProviderProperties.JMS_FPM_STATUS)
                ? Integer.toString(reply.getIntProperty(ProviderProperties.JMS_FPM_STATUS))
                : ProviderProperties.JMS_FPM_FAILURE;
        return fail(text, code);
    }

    private static Message fail(String text, String code) throws JMSException {
        throw new JMSException(text, code);
    }
}
