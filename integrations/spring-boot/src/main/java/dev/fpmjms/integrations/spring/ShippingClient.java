package dev.fpmjms.integrations.spring;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.converter.MessageConverter;
import org.springframework.stereotype.Service;

/**
 * Request/reply with {@link JmsTemplate#sendAndReceive}: the template sends the request with a
 * temporary queue as JMSReplyTo, {@code shipping.php} answers, and fpm-jms delivers the answer to
 * that temporary queue. Blocks the caller up to {@code spring.jms.template.receive-timeout}.
 */
@Service
public class ShippingClient {
    /** The worker queue whose messages {@code shipping.php} serves. */
    public static final String QUEUE = "shipping";

    private final JmsTemplate jms;

    public ShippingClient(JmsTemplate jms) {
        this.jms = jms;
    }

    /**
     * Asks PHP for a shipping price.
     *
     * @throws IllegalStateException when no answer comes within the template's receive timeout
     */
    public ShippingQuote quote(ShippingRequest request) throws JMSException {
        MessageConverter converter = jms.getMessageConverter();
        Message reply = jms.sendAndReceive(QUEUE, session -> converter.toMessage(request, session));
        if (reply == null) {
            throw new IllegalStateException("no shipping quote within " + jms.getReceiveTimeout() + " ms for " + request);
        }
        return (ShippingQuote) converter.fromMessage(reply);
    }
}
