package dev.fpmjms.integrations.spring;

import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Service;

/**
 * Fire-and-forget: hands orders to PHP. The worker's reply (an {@link Invoice}) comes back on the
 * same queue, where {@link InvoiceListener} receives it.
 */
@Service
public class OrderService {
    /** The worker queue whose messages {@code invoice.php} serves. */
    public static final String QUEUE = "orders";

    private final JmsTemplate jms;

    public OrderService(JmsTemplate jms) {
        this.jms = jms;
    }

    /** Sends the order as JSON; returns once fpm-jms has accepted it (PHP runs later). */
    public void place(Order order) {
        jms.convertAndSend(QUEUE, order);
    }
}
