package dev.fpmjms.jms;

import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.PendingSend;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.TraceContext;
import dev.fpmjms.message.FpmMessageConverter;
import dev.fpmjms.tracing.TraceSpan;
import dev.fpmjms.tracing.Tracing;
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
 * {@link CompletionListener} is given, sends asynchronously ({@link #sendAsync}): a persistent
 * message to a stored queue is handed to the journal at once and put on its queue once forced;
 * listeners run on the session's send thread, in send order. A send never overtakes the session's
 * earlier ones: messages reach each queue in send order.
 *
 * <p>Thread-safety: {@link #send} is called by the session's thread of control (the JMS rule);
 * the transaction buffer is also read by commit/rollback/close, so it is guarded.
 */
final class SessionSender {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionSender.class);
    /** The JMS specification's namespace for provider-specific properties. */
    private static final String PROVIDER_PROPERTY_PREFIX = "JMS_";

    private final FpmSession session;
    private final FpmConnection connection;
    private final FpmEngine engine;
    private final FacadeGuard guard;
    private final AsyncSends asyncSends;
    private final Tracing tracing;
    private final List<FpmEnvelope> pendingSends = new ArrayList<>();
    /** The last pipelined persistent send started (see {@link #sendAsync}), or {@code null}. */
    private volatile PendingSend lastStarted;

    SessionSender(FpmSession session, FpmConnection connection, FpmEngine engine, FacadeGuard guard, AsyncSends asyncSends) {
        this.session = session;
        this.connection = connection;
        this.engine = engine;
        this.guard = guard;
        this.asyncSends = asyncSends;
        this.tracing = Tracing.of(engine.config().tracing());
    }

    /**
     * The one send path of the facade: converts, stamps the send headers (on the message too),
     * then buffers (transacted) or hands to the engine, at once or, with a completion listener,
     * asynchronously. With spans on, the call is a publish span whose W3C context goes onto the
     * envelope's {@code traceparent}/{@code tracestate} properties (not onto {@code message}).
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
                .origin(connection.id())
                .senderSession(session.number())
                .build());
        FpmMessageConverter.applySendHeaders(message, envelope, connection.mapper());
        TraceSpan span = tracing.publish(envelope);
        FpmEnvelope traced = TraceContext.carried(envelope, span.context(null));
        try {
            if (session.mode() == Session.SESSION_TRANSACTED) {
                sendTransacted(traced, message, completion);
            } else if (completion == null) {
                awaitStartedSends("send");
                dispatchSend(traced);
            } else {
                sendAsync(traced, message, completion);
            }
        } catch (JMSException | RuntimeException e) {
            span.end(e.toString());
            throw e;
        }
        span.end(null);
    }

    /**
     * A transacted session buffers its sends until commit; an asynchronous one does so on the
     * session's send thread and then calls its listener, so a synchronous one waits for those
     * first (except from a listener of this session, which is one of them).
     */
    private void sendTransacted(FpmEnvelope envelope, Message message, CompletionListener completion) throws JMSException {
        if (completion == null) {
            if (AsyncSends.currentSession() != session) {
                awaitAsyncSends("send");
            }
            dispatchSend(envelope);
            return;
        }
        asyncSends.submit(() -> {
            try {
                dispatchSend(envelope);
            } catch (JMSException e) {
                completion.onException(message, e);
                return;
            } catch (RuntimeException e) {
                completion.onException(message, FacadeGuard.translate("send to " + envelope.destination(), e));
                return;
            }
            completion.onCompletion(message);
        });
    }

    /**
     * An asynchronous send outside a transaction starts on the calling thread, in send order;
     * its listener runs on the session's send thread, in send order, once the send is complete.
     *
     * <p>A persistent message to a queue with a store is pipelined: room is reserved in the queue
     * (a full queue blocks or fails here, per the configured policy) and the record handed to the
     * journal's group commit without waiting for its force; once forced, the journal's writer puts
     * the message on its queue (in send order) and the send thread, whose task waits for that,
     * calls the listener. Many such sends thus share one force instead of waiting for one each. Any
     * other message is handed to the engine at once (after the session's persistent sends still
     * being forced are on their queues, so as not to overtake them). A failure to start is
     * reported to {@code onException}, in order, like a failed send.
     */
    private void sendAsync(FpmEnvelope envelope, Message message, CompletionListener completion) throws JMSException {
        String action = "send to " + envelope.destination();
        PendingSend pending;
        try {
            pending = FacadeGuard.translated(action, () -> engine.startSend(envelope));
            if (pending == null) {
                awaitStartedSends(action);
                FacadeGuard.translated(action, () -> {
                    engine.send(envelope);
                    return null;
                });
            }
        } catch (JMSException e) {
            asyncSends.submit(() -> completion.onException(message, e));
            return;
        }
        if (pending == null) {
            asyncSends.submit(() -> completion.onCompletion(message));
            return;
        }
        lastStarted = pending;
        try {
            asyncSends.submitAfter(pending, () -> {
                try {
                    pending.complete(); // done: reports the outcome without waiting
                } catch (InterruptedException | RuntimeException e) {
                    completion.onException(message, FacadeGuard.translate(action, e));
                    return;
                }
                completion.onCompletion(message);
            });
        } catch (JMSException | RuntimeException e) {
            if (!pending.abandon()) {
                // Too late to give it up: it is (or will be) on its queue, with no callback.
                LOG.warn("{}: message {} was sent, but its CompletionListener cannot run: {}", session.name(),
                        envelope.messageId(), e.toString());
            }
            throw e;
        }
    }

    /**
     * Waits until the session's pipelined persistent sends are on their queues (or failed), so
     * that a send handed to the engine directly does not overtake them. The journal completes
     * them in order, so waiting for the last one started is enough. Safe from a CompletionListener:
     * the journal's writer, not the session's thread, puts them on their queues.
     */
    private void awaitStartedSends(String action) throws JMSException {
        PendingSend last = lastStarted;
        if (last == null || last.isDone()) {
            return;
        }
        try {
            last.awaitOutcome();
        } catch (InterruptedException e) {
            throw FacadeGuard.translate(action + " waiting for the session's earlier asynchronous sends", e);
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
                engine.checkSendable(envelope);
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
