package dev.fpmjms.jms;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;

/**
 * The per-send settings of a producer, validated: one value object shared by the classic
 * producer and {@code JMSProducer}. Immutable.
 *
 * @param deliveryMode     PERSISTENT or NON_PERSISTENT
 * @param priority         0 to 9
 * @param timeToLive       milliseconds until expiry, 0 for never
 * @param deliveryDelay    milliseconds before the message may be delivered, 0 for none
 * @param disableMessageId whether the message gets no JMSMessageID
 * @param disableTimestamp whether the message gets no JMSTimestamp
 */
record SendOptions(int deliveryMode, int priority, long timeToLive, long deliveryDelay,
                   boolean disableMessageId, boolean disableTimestamp) {

    static final SendOptions DEFAULTS = new SendOptions(DeliveryMode.PERSISTENT, 4, 0, 0, false, false);

    static void checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("delivery mode must be PERSISTENT (2) or NON_PERSISTENT (1), was " + mode);
        }
    }

    static void checkPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("priority must be 0 to 9, was " + priority);
        }
    }

    static void checkTimeToLive(long millis) throws JMSException {
        if (millis < 0) {
            throw new JMSException("time to live must be 0 (never expires) or more milliseconds, was " + millis);
        }
    }

    static void checkDeliveryDelay(long millis) throws JMSException {
        if (millis < 0) {
            throw new JMSException("delivery delay must be 0 or more milliseconds, was " + millis);
        }
    }

    /** These options with the per-call values of {@code send(message, mode, priority, ttl)}. */
    SendOptions with(int mode, int newPriority, long ttl) throws JMSException {
        checkDeliveryMode(mode);
        checkPriority(newPriority);
        checkTimeToLive(ttl);
        return new SendOptions(mode, newPriority, ttl, deliveryDelay, disableMessageId, disableTimestamp);
    }

    SendOptions withDeliveryMode(int v) throws JMSException {
        checkDeliveryMode(v);
        return new SendOptions(v, priority, timeToLive, deliveryDelay, disableMessageId, disableTimestamp);
    }

    SendOptions withPriority(int v) throws JMSException {
        checkPriority(v);
        return new SendOptions(deliveryMode, v, timeToLive, deliveryDelay, disableMessageId, disableTimestamp);
    }

    SendOptions withTimeToLive(long v) throws JMSException {
        checkTimeToLive(v);
        return new SendOptions(deliveryMode, priority, v, deliveryDelay, disableMessageId, disableTimestamp);
    }

    SendOptions withDeliveryDelay(long v) throws JMSException {
        checkDeliveryDelay(v);
        return new SendOptions(deliveryMode, priority, timeToLive, v, disableMessageId, disableTimestamp);
    }

    SendOptions withDisableMessageId(boolean v) {
        return new SendOptions(deliveryMode, priority, timeToLive, deliveryDelay, v, disableTimestamp);
    }

    SendOptions withDisableTimestamp(boolean v) {
        return new SendOptions(deliveryMode, priority, timeToLive, deliveryDelay, disableMessageId, v);
    }
}
