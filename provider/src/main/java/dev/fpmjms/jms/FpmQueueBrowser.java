package dev.fpmjms.jms;

import dev.fpmjms.config.ObjectMessageLimits;
import dev.fpmjms.engine.BrowseView;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.message.FpmMessageConverter;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;

import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * Looks at the messages waiting in a queue without consuming them: for a worker queue, the
 * replies waiting for consumers and then the requests waiting for dispatch to PHP, marked
 * {@code JMS_FPM_WAITING=true} ({@link BrowseView}). Each {@link #getEnumeration()} takes a
 * snapshot of the ready messages in delivery order (delayed and expired ones left out); messages
 * are converted as the enumeration reaches them.
 */
public final class FpmQueueBrowser implements QueueBrowser {
    private final FpmSession session;
    private final Queue queue;
    private final String selector;
    private final BrowseView view;
    private final Predicate<FpmEnvelope> compiledSelector;
    private final FacadeGuard guard;

    FpmQueueBrowser(FpmSession session, Queue queue, String selector, BrowseView view,
                    Predicate<FpmEnvelope> compiledSelector) {
        this.session = session;
        this.queue = queue;
        this.selector = selector == null || selector.isBlank() ? null : selector;
        this.view = view;
        this.compiledSelector = compiledSelector;
        this.guard = new FacadeGuard("browser on " + view.consumerSide().destination() + " of " + session.guard().name());
    }

    @Override
    public Queue getQueue() throws JMSException {
        guard.checkOpen();
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        guard.checkOpen();
        return selector;
    }

    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        guard.checkOpen();
        Iterator<FpmEnvelope> snapshot = view.snapshot(compiledSelector).iterator();
        List<String> allowList = session.engine().config().objectMessageAllowList();
        ObjectMessageLimits limits = session.engine().config().objectMessageLimits();
        return new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return snapshot.hasNext();
            }

            @Override
            public Message nextElement() {
                if (!snapshot.hasNext()) {
                    throw new NoSuchElementException("no more messages in the snapshot of " + guard.name());
                }
                return FpmMessageConverter.fromEnvelope(snapshot.next(), session.connection().mapper(), allowList, limits);
            }
        };
    }

    @Override
    public void close() throws JMSException {
        if (guard.markClosed()) {
            session.browserClosed(this);
        }
    }

    void closeBySession() {
        guard.markClosed();
    }
}
