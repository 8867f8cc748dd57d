package dev.fpmjms.artemis;

import dev.fpmjms.admin.DeadLetter;
import dev.fpmjms.admin.DeadLetterAdmin;
import dev.fpmjms.admin.DeadLetterSelection;
import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * {@link DeadLetterAdmin} of the broker mode: the dead letters are messages on the broker's
 * dead-letter queue ({@code deadLetterQueue}, an ANYCAST queue of that name), with the same
 * {@code JMS_FPM_*} properties as in embedded mode. Each operation opens a connection of its own
 * and closes it, so the admin outlives broker restarts and needs no dispatcher.
 *
 * <ul>
 *   <li>{@link #list} and {@link #show} browse the queue (as a {@code QueueBrowser} does: in
 *       delivery order, without taking anything), reading at most {@code limit} dead letters.</li>
 *   <li>{@link #replay} and {@link #purge} first browse to find the selected dead letters (their
 *       JMSMessageIDs, the ids list and show print), then consume exactly those, by id, in one
 *       broker transaction per batch of up to {@value DeadLetterBatches#BATCH} ids
 *       ({@link DeadLetterBatches}): a replay sends each to its target ({@link ReplayTargets}) in
 *       the same transaction. A crash or broken connection
 *       before the commit rolls the batch back, so every dead letter is in exactly one place,
 *       the dead-letter queue or its worker queue (embedded mode can leave one in both).</li>
 * </ul>
 *
 * <p>What a replay sends is the dead letter itself ({@link DeadLetterMessages#forReplay}): its
 * body untouched, the JMSMessageID the sender saw, headers, persistence and own properties, no
 * {@code JMS_FPM_*} property, a fresh delivery count. Dead letters without a JMSMessageID (never
 * made by fpm-jms) cannot be named and are left where they are.
 *
 * <p>Bad input fails with {@link IllegalArgumentException} naming the value, changing nothing;
 * an unreachable broker, a refused operation or a closed admin with {@link IllegalStateException}
 * (a replay or purge that stopped after some batches says how many it moved). Thread-safe (each
 * call has its own connection); every method blocks for its round trips.
 */
public final class BrokerDeadLetters implements DeadLetterAdmin, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerDeadLetters.class);

    private final String name;
    private final String where;
    private final String deadLetterQueue;
    private final ActiveMQConnectionFactory factory;
    private volatile boolean closed;

    private BrokerDeadLetters(String name, BrokerSettings broker, String deadLetterQueue) {
        this.name = name;
        this.where = String.join(",", broker.urls());
        this.deadLetterQueue = deadLetterQueue;
        this.factory = new ActiveMQConnectionFactory(BrokerUrls.clientUrl(broker));
    }

    /** The admin of an engine's dead-letter queue ({@code name} is the configuration's, for logs); connects on first use. */
    static BrokerDeadLetters of(String name, BrokerSettings broker, String deadLetterQueue) {
        return new BrokerDeadLetters("fpm-jms '" + name + "'", broker, deadLetterQueue);
    }

    /**
     * Connects to the broker to work on the dead letters of {@code deadLetterQueue}, with no
     * application running (the command-line tool's {@code --broker}). Credentials and client
     * options are {@code broker}'s options ({@code user}, {@code password}, ...). Blocks for a
     * connection and a query; {@link #close()} it when done.
     *
     * @throws IllegalArgumentException the queue name is blank
     * @throws IllegalStateException    the broker cannot be reached or refuses the connection, or
     *                                  has no queue of that name; the message says which
     */
    public static BrokerDeadLetters open(BrokerSettings broker, String deadLetterQueue) {
        if (deadLetterQueue == null || deadLetterQueue.isBlank()) {
            throw new IllegalArgumentException("the dead-letter queue's name must not be blank, was '" + deadLetterQueue + "'");
        }
        BrokerDeadLetters admin = new BrokerDeadLetters("broker " + String.join(",", broker.urls()), broker, deadLetterQueue);
        try {
            boolean exists = admin.inSession("connecting to", s -> s.getCoreSession().queueQuery(SimpleString.of(deadLetterQueue)).isExists());
            if (!exists) {
                throw new IllegalStateException("the broker at " + admin.where + " has no queue '" + deadLetterQueue
                        + "' (fpm-jms declares it when a dispatcher or application starts; name another with --dlq)");
            }
            return admin;
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    @Override
    public String deadLetterQueue() {
        return deadLetterQueue;
    }

    /** How many messages the broker counts on the queue now (those in flight to a consumer and scheduled ones included). */
    @Override
    public long count() {
        return inSession("counting", s -> {
            ClientSession.QueueQuery q = s.getCoreSession().queueQuery(SimpleString.of(deadLetterQueue));
            return q.isExists() ? q.getMessageCount() : 0L;
        });
    }

    @Override
    public List<DeadLetter> list(String workerQueue, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
        String selector = workerQueue == null || workerQueue.isBlank() ? null
                : ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION + " = " + DeadLetterMessages.literal(workerQueue);
        return inSession("listing", s -> {
            List<DeadLetter> letters = new ArrayList<>();
            try (QueueBrowser browser = s.createBrowser(queue(), selector)) {
                for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && letters.size() < limit; ) {
                    letters.add(DeadLetter.of(DeadLetterMessages.toEnvelope((Message) e.nextElement(), deadLetterQueue, true)));
                }
            }
            return letters;
        });
    }

    @Override
    public DeadLetter show(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("a message id (ID:...) is needed, was '" + messageId + "'");
        }
        String id = messageId.strip();
        DeadLetter found = inSession("showing", s -> {
            try (QueueBrowser browser = s.createBrowser(queue(), "JMSMessageID = " + DeadLetterMessages.literal(id))) {
                Enumeration<?> e = browser.getEnumeration();
                return e.hasMoreElements()
                        ? DeadLetter.of(DeadLetterMessages.toEnvelope((Message) e.nextElement(), deadLetterQueue, true)) : null;
            }
        });
        if (found == null) {
            throw new IllegalArgumentException("no dead letter with JMSMessageID '" + id + "' in '" + deadLetterQueue
                    + "' on the broker at " + where + " (" + count() + " dead letters; list them to see their ids)");
        }
        return found;
    }

    @Override
    public int replay(DeadLetterSelection which) {
        return inSession("replaying", s -> {
            ReplayTargets targets = new ReplayTargets(s.getCoreSession());
            List<DeadLetterBatches.Letter> found = selected(s, which);
            List<DeadLetterBatches.Letter> movable = new ArrayList<>();
            DeadLetterBatches.Letter stuck = null;
            for (DeadLetterBatches.Letter f : found) {
                if (f.id() != null && targets.of(f.original()) != null) {
                    movable.add(f);
                } else if (stuck == null) {
                    stuck = f;
                }
            }
            if (which.kind() == DeadLetterSelection.Kind.IDS && stuck != null) {
                throw new IllegalArgumentException("dead letter " + stuck.id() + " came from '" + stuck.original()
                        + "', which is no worker queue or subscription on the broker at " + where
                        + ": only requests to worker queues can be replayed (nothing was replayed)");
            }
            int moved = new DeadLetterBatches(s, queue(), name).take(movable, targets);
            int left = found.size() - movable.size();
            if (left > 0) {
                LOG.warn("{}: {} of {} came from no worker queue on the broker (or have no JMSMessageID) and stay in '{}'",
                        name, left, which, deadLetterQueue);
            }
            return moved;
        });
    }

    @Override
    public int purge(DeadLetterSelection which) {
        return inSession("purging", s -> {
            List<DeadLetterBatches.Letter> named = selected(s, which).stream().filter(f -> f.id() != null).toList();
            int purged = new DeadLetterBatches(s, queue(), name).take(named, null);
            if (purged > 0) {
                LOG.info("{}: {} purged from '{}' ({})", name, purged, deadLetterQueue, which);
            }
            return purged;
        });
    }

    /**
     * Browses the dead letters {@code which} takes (the broker narrows a queue or id selection,
     * the selection itself decides).
     *
     * @throws IllegalArgumentException an id of an id selection is not there
     */
    private List<DeadLetterBatches.Letter> selected(Session s, DeadLetterSelection which) throws JMSException {
        String narrow = switch (which.kind()) {
            case QUEUE -> ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION + " = " + DeadLetterMessages.literal(which.queue());
            case IDS -> DeadLetterBatches.idSelector(which.ids());
            default -> null;
        };
        List<DeadLetterBatches.Letter> found = new ArrayList<>();
        List<FpmEnvelope> named = new ArrayList<>();
        try (QueueBrowser browser = s.createBrowser(queue(), narrow)) {
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                FpmEnvelope letter = DeadLetterMessages.toEnvelope((Message) e.nextElement(), deadLetterQueue, false);
                if (which.matches(letter)) {
                    Object original = letter.properties().get(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION);
                    found.add(new DeadLetterBatches.Letter(letter.messageId(), original instanceof String o ? o : null));
                    if (which.kind() == DeadLetterSelection.Kind.IDS) {
                        named.add(letter);
                    }
                }
            }
        }
        which.requireFound(named, deadLetterQueue);
        return found;
    }

    private Queue queue() {
        return ActiveMQDestination.createQueue(deadLetterQueue);
    }

    /** Work on a session of its own. */
    @FunctionalInterface
    private interface SessionWork<T> {
        T run(ActiveMQSession session) throws JMSException, ActiveMQException;
    }

    /**
     * Runs {@code work} on a transacted session of a new connection, closed afterwards (an
     * uncommitted transaction rolls back with it). Broker failures become {@link IllegalStateException}
     * saying what failed ({@code what} is a verb in -ing, followed by the queue's name).
     */
    private <T> T inSession(String what, SessionWork<T> work) {
        if (closed) {
            throw new IllegalStateException(name + ": the dead-letter admin is closed (its engine stopped)");
        }
        try (Connection connection = factory.createConnection()) {
            ActiveMQSession session = (ActiveMQSession) connection.createSession(true, Session.SESSION_TRANSACTED);
            connection.start();
            return work.run(session);
        } catch (jakarta.jms.InvalidSelectorException e) {
            throw new IllegalArgumentException(what + ": the broker refused a selector: " + e.getMessage(), e);
        } catch (JMSException | ActiveMQException e) {
            throw new IllegalStateException(what + " '" + deadLetterQueue + "' on the broker at " + where + " failed: "
                    + e.getMessage() + (e.getCause() != null && e.getCause() != e ? " (" + e.getCause().getMessage() + ")" : "")
                    + " (is the broker running there, and are the address and credentials right?)", e);
        }
    }

    /** Closes the broker client; later calls fail with {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        factory.close();
    }

    @Override
    public String toString() {
        return "BrokerDeadLetters[" + where + ", " + deadLetterQueue + "]";
    }
}
