package dev.fpmjms.integrations.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Receives the invoices PHP computes for the orders of {@link OrderService}. A consumer of a
 * worker queue sees the workers' replies, so the listener simply listens on {@code orders}. It runs
 * in Spring Boot's default listener container (a {@code DefaultMessageListenerContainer} with
 * transacted sessions): an exception here rolls the reply back for redelivery.
 */
@Component
public class InvoiceListener {
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceListener.class);

    private final BlockingQueue<Invoice> received = new LinkedBlockingQueue<>();

    @JmsListener(destination = OrderService.QUEUE)
    public void onInvoice(Invoice invoice) {
        LOG.info("invoice {}: {} cents, computed by {}", invoice.orderId(), invoice.totalCents(), invoice.computedBy());
        received.add(invoice);
    }

    /**
     * The next invoice received, waiting up to {@code timeout}.
     *
     * @throws IllegalStateException when none arrives in time
     * @throws InterruptedException  when interrupted while waiting
     */
    public Invoice next(Duration timeout) throws InterruptedException {
        Invoice invoice = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (invoice == null) {
            throw new IllegalStateException("no invoice within " + timeout);
        }
        return invoice;
    }
}
