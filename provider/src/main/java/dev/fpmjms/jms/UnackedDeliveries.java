package dev.fpmjms.jms;

import dev.fpmjms.engine.Delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages a CLIENT_ACKNOWLEDGE or transacted session has handed out and not yet settled, in
 * the order they were consumed. Acknowledging settles all of them (the spec's "acknowledges all
 * messages consumed by the session"); releasing puts them back, counted as delivered, so they
 * come again with JMSRedelivered and a higher JMSXDeliveryCount, in their original order.
 *
 * <p>Thread-safe.
 */
final class UnackedDeliveries {
    private final List<Delivery> deliveries = new ArrayList<>();

    synchronized void add(Delivery d) {
        deliveries.add(d);
    }

    void acknowledgeAll() {
        for (Delivery d : takeAll()) {
            d.acknowledge();
        }
    }

    void releaseAll() {
        for (Delivery d : takeAll()) {
            d.release(true, 0);
        }
    }

    synchronized int size() {
        return deliveries.size();
    }

    private synchronized List<Delivery> takeAll() {
        List<Delivery> all = new ArrayList<>(deliveries);
        deliveries.clear();
        return all;
    }
}
