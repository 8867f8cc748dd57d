package dev.fpmjms.jms;

import dev.fpmjms.engine.Delivery;
import dev.fpmjms.message.FpmMessage;
import dev.fpmjms.message.FpmMessageConverter;
import dev.fpmjms.tracing.TraceScope;
import dev.fpmjms.tracing.TraceSpan;
import dev.fpmjms.tracing.Tracing;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;

import java.util.concurrent.locks.Lock;

/**
 * How a session hands messages to the application and settles them per its mode: acknowledged at
 * once (AUTO/DUPS_OK, after {@code onMessage} returns for listeners), or kept as unacknowledged
 * (CLIENT_ACKNOWLEDGE, transacted) until acknowledge, recover, commit or rollback.
 *
 * <p>With spans on, a delivery is a span ({@code receive}, or {@code process} around a listener's
 * {@code onMessage}, current while it runs), child of the message's trace context.
 *
 * <p>Every hand-over holds the connection's delivery gate (read side) and checks that the
 * connection is started, so nothing is delivered while it is stopped. Thread-safe; listener
 * deliveries run on the session thread.
 */
final class SessionDelivery {
    private final FpmSession session;
    private final boolean acksEachMessage;
    private final UnackedDeliveries unacked = new UnackedDeliveries();
    private final Tracing tracing;
    /** The AUTO/DUPS_OK message a listener is handling; session thread only. */
    private Delivery listenerDelivery;

    SessionDelivery(FpmSession session) {
        this.session = session;
        this.acksEachMessage = session.mode() == Session.AUTO_ACKNOWLEDGE || session.mode() == Session.DUPS_OK_ACKNOWLEDGE;
        this.tracing = Tracing.of(session.engine().config().tracing());
    }

    /** A check of a received message before it is acknowledged, e.g. that its body has a wanted type. */
    @FunctionalInterface
    interface BodyCheck {
        void check(Message m) throws JMSException;
    }

    void acknowledgeAll() {
        unacked.acknowledgeAll();
    }

    /** Gives back the unacknowledged messages, counted as delivered, in order. */
    void releaseAll() {
        unacked.releaseAll();
    }

    /** {@link #releaseAll()}, plus the AUTO/DUPS_OK message being handled when called from its listener. */
    void recover() {
        unacked.releaseAll();
        if (session.dispatcher().deliveryLock().isHeldByCurrentThread() && listenerDelivery != null) {
            listenerDelivery.release(true, 0);
        }
    }

    private FpmMessage toMessage(Delivery d) {
        FpmMessage m = FpmMessageConverter.fromEnvelope(d.envelope(), session.connection().mapper(),
                session.engine().config().objectMessageAllowList(), session.engine().config().objectMessageLimits());
        if (session.mode() == Session.CLIENT_ACKNOWLEDGE) {
            m.setAcknowledgeCallback(session::acknowledgeConsumed);
        }
        return m;
    }

    /**
     * Hands a delivery to a synchronous receiver: acknowledged now in AUTO/DUPS_OK mode, else kept
     * as unacknowledged.
     *
     * @param check run before the acknowledgement, or {@code null}; when it throws a
     *              MessageFormatException in AUTO/DUPS_OK mode the message goes back, uncounted
     * @return the message, or {@code null} when the connection stopped meanwhile (the message
     *         goes back, uncounted)
     */
    Message deliverSync(Delivery d, BodyCheck check) throws JMSException {
        Lock gate = session.connection().deliveryGate().readLock();
        gate.lock();
        try {
            if (!session.canDeliver()) {
                d.release(false, 0);
                return null;
            }
            FpmMessage m = toMessage(d);
            tracing.deliver(d.envelope(), false).end(null);
            if (!acksEachMessage) {
                unacked.add(d);
                if (check != null) {
                    check.check(m);
                }
                return m;
            }
            if (check != null) {
                try {
                    check.check(m);
                } catch (MessageFormatException e) {
                    d.release(false, 0);
                    throw e;
                }
            }
            d.acknowledge();
            return m;
        } finally {
            gate.unlock();
        }
    }

    /**
     * Delivers the next message of a consumer to its listener; session thread only.
     *
     * @return whether a message was delivered
     */
    boolean deliverToListener(FpmMessageConsumer consumer, MessageListener listener) {
        Lock gate = session.connection().deliveryGate().readLock();
        gate.lock();
        try {
            session.dispatcher().deliveryLock().lock();
            try {
                if (!session.canDeliver() || consumer.guard().isClosed() || consumer.listener() != listener) {
                    return false;
                }
                Delivery d = consumer.subscription().poll();
                if (d == null) {
                    return false;
                }
                callListener(consumer, listener, d);
                return true;
            } finally {
                session.dispatcher().deliveryLock().unlock();
            }
        } finally {
            gate.unlock();
        }
    }

    private void callListener(FpmMessageConsumer consumer, MessageListener listener, Delivery d) {
        FpmMessage m = toMessage(d);
        if (acksEachMessage) {
            listenerDelivery = d;
        } else {
            unacked.add(d);
        }
        RuntimeException[] failure = new RuntimeException[1];
        TraceSpan span = tracing.deliver(d.envelope(), true);
        session.dispatcher().runListener(() -> {
            try (TraceScope current = span.makeCurrent()) {
                listener.onMessage(m);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        span.end(failure[0] == null ? null : "MessageListener threw " + failure[0]);
        listenerDelivery = null;
        if (failure[0] != null) {
            ListenerFailures.handle(session, consumer, d, failure[0], acksEachMessage);
        } else if (acksEachMessage) {
            d.acknowledge();
        }
    }
}
