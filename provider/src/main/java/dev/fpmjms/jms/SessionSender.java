package dev.fpmjms.jms;

import dev.fpmjms.broker.FpmEngine;
import dev.fpmjms.broker.PendingSend;
import dev.fpmjms.engine.DestinationRef;
import dev.fpmjms.engine.FpmEnvelope;
import dev.fpmjms.message.FpmMessageConverter;
import jakarta.jms.CompletionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * The send side of one session: turns a JMS message into an envelope with its send headers, then
 * hands it to the engine, buffers it until commit (transacted sessions), or, when a
 * {@link CompletionListener} is given, sends asynchronously: a persistent message to a stored
 * queue is handed to the journal at once and completed on the session's send thread once forced
 * ({@link #startPersistentAsync}); anything else is sent on that thread. A synchronous send waits
 * for the session's pending asynchronous ones first, so sends reach their queues in send order.
 *
 * <p>Thread-safety: {@link #send} is called by the session's thread of control (the JMS rule);
 * the transaction buffer is also read by commit/rollback/close, so it is guarded.
 */
final class SessionSender {
    /** The JMS specification's namespace for provider-specific properties. */
    private static final String PROVIDER_PROPERTY_PREFIX = "JMS_";

    private final FpmSession session;
    private final FpmConnection connection;
    private final FpmEngine engine;
    private final FacadeGuard guard;
    private final AsyncSends asyncSends;
    private final List<FpmEnvelope> pendingSends = new ArrayList<>();

    SessionSender(FpmSession session, FpmConnection connection, FpmEngine engine, FacadeGuard guard, AsyncSends asyncSends) {
        this.session = session;
        this.connection = connection;
        this.engine = engine;
        this.guard = guard;
        this.asyncSends = asyncSends;
    }

    /**
     * The one send path of the facade: converts, stamps the send headers (on the message too),
     * then buffers (transacted), hands to the engine, or, with a completion listener, does so on
     * the session's send thread.
     */
    void send(DestinationRef ref, Message message, SendOptions options, CompletionListener completion) throws JMSException {
        guard.checkOpen();
        if (message == null) {
            throw new MessageFormatException("message to send is null");
        }
        long now = connection.clock().millis();
        FpmEnvelope envelope = withoutProviderProperties(FpmMessageConverter.toEnvelopeBuilder(message, ref, connection.mapper())
                .messageId(options.disableMessageId() ? null : engine.newMessageId())
                .timestamp(options.disableTimestamp() ? 0 : now)
                .persistent(options.deliveryMode() == jakarta.jms.DeliveryMode.PERSISTENT)
                .priority(options.priority())
                .expiration(options.timeToLive() > 0 ? now + options.timeToLive() : 0)
                .deliveryTime(now + options.deliveryDelay())
                .redelivered(false)
                .deliveryCount(0)
                .build());
        FpmMessageConverter.applySendHeaders(message, envelope, connection.mapper());
        if (completion == null) {
            awaitAsyncSendsBeforeSync();
            dispatchSend(envelope);
            return;
        }
        if (session.mode() != Session.SESSION_TRANSACTED && startPersistentAsync(envelope, message, completion)) {
            return;
        }
        asyncSends.submit(() -> {
            try {
                dispatchSend(envelope);
            } catch (JMSException e) {
                completion.onException(message, e);
                return;
            } catch (RuntimeException e) {
                completion.onException(message, FacadeGuard.translate("send to " + ref, e));
                return;
            }
            completion.onCompletion(message);
        });
    }

    /**
     * The pipelined asynchronous send of a persistent message: on the calling thread, room is
     * reserved in the queue (a full queue blocks or fails here, per the configured policy) and the
     * record handed to the journal's group commit without waiting for its force; the session's
     * send thread then waits for the force, makes the message visible and calls the listener, in
     * send order. A failure to start is reported to {@code onException}, in order, like a failed
     * send. Many such sends thus share one force instead of taking one each.
     *
     * @return {@code false} when the engine does not start this send (not persistent, or a queue
     *         without a store): it takes the ordinary asynchronous path
     */
    private boolean startPersistentAsync(FpmEnvelope envelope, Message message, CompletionListener completion)
            throws JMSException {
        String action = "send to " + envelope.destination();
        PendingSend pending;
        try {
            pending = FacadeGuard.translated(action, () -> engine.startSend(envelope));
        } catch (JMSException e) {
            asyncSends.submit(() -> completion.onException(message, e));
            return true;
        }
        if (pending == null) {
            return false;
        }
        try {
            asyncSends.submit(() -> {
                try {
                    pending.complete();
                } catch (InterruptedException | RuntimeException e) {
                    completion.onException(message, FacadeGuard.translate(action, e));
                    return;
                }
                completion.onCompletion(message);
            });
        } catch (JMSException | RuntimeException e) {
            pending.abandon();
            throw e;
        }
        return true;
    }

    /**
     * A synchronous send must not overtake this session's pending asynchronous sends (their
     * messages would reach a queue after it): it waits for them. Not from a CompletionListener of
     * this session, which is itself one of them.
     */
    private void awaitAsyncSendsBeforeSync() throws JMSException {
        if (AsyncSends.currentSession() != session) {
            awaitAsyncSends("send");
        }
    }

    /**
     * Drops {@code JMS_*} properties from a message being sent: applications cannot set them, so
     * they were set by a provider on an earlier delivery (fpm-jms's {@code JMS_FPM_STATUS} and the
     * like, when a received message or a dead letter is sent again) and describe that delivery,
     * not this send.
     */
    private static FpmEnvelope withoutProviderProperties(FpmEnvelope envelope) {
        FpmEnvelope.Builder b = null;
        for (String name : envelope.properties().keySet()) {
            if (name.startsWith(PROVIDER_PROPERTY_PREFIX)) {
                b = b == null ? envelope.toBuilder() : b;
                b.property(name, null);
            }
        }
        return b == null ? envelope : b.build();
    }

    private void dispatchSend(FpmEnvelope envelope) throws JMSException {
        String action = "send to " + envelope.destination();
        if (session.mode() == Session.SESSION_TRANSACTED) {
            guard.engine(action, () -> {
                engine.checkDestination(envelope.destination());
                return null;
            });
            synchronized (pendingSends) {
                pendingSends.add(envelope);
            }
            return;
        }
        guard.engine(action, () -> {
            engine.send(envelope);
            return null;
        });
    }

    /** Takes the transaction's buffered sends, leaving the buffer empty. */
    List<FpmEnvelope> takePendingSends() {
        synchronized (pendingSends) {
            List<FpmEnvelope> all = new ArrayList<>(pendingSends);
            pendingSends.clear();
            return all;
        }
    }

    /** Waits until the asynchronous sends submitted so far are done, before {@code operation}. */
    void awaitAsyncSends(String operation) throws JMSException {
        try {
            asyncSends.awaitIdle();
        } catch (InterruptedException e) {
            throw FacadeGuard.translate(operation + " of " + session.name() + " waiting for asynchronous sends", e);
        }
    }

    /** Waits for pending asynchronous sends; used by producers when they close. */
    void awaitAsyncSendsForClose() throws JMSException {
        if (AsyncSends.currentSession() == session) {
            throw new IllegalStateException("a CompletionListener must not close a producer of its own session");
        }
        awaitAsyncSends("close producer");
    }

    /** Waits for pending asynchronous sends without translating an interrupt (session close). */
    void awaitIdle() throws InterruptedException {
        asyncSends.awaitIdle();
    }

    /** Stops the send thread. */
    void shutdown() {
        asyncSends.shutdown();
    }
}
