package dev.fpmjms.artemis;

import dev.fpmjms.envelope.ProviderProperties;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Takes chosen dead letters off the broker's dead-letter queue by JMSMessageID, in one broker
 * transaction per batch of up to {@value #BATCH} ids: a replay sends each to its target
 * ({@link ReplayTargets}) in the same transaction, a purge only takes it. A failure rolls the open
 * batch back, so a dead letter is either still on the queue or (committed) gone from it and, for a
 * replay, on its target. One instance per operation, on the operation's transacted session; blocks
 * for the round trips.
 */
final class DeadLetterBatches {
    /** The most dead letters taken in one broker transaction. */
    static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterBatches.class);
    /** How long a consumer waits for a dead letter the browse saw; one that does not come is left out. */
    private static final long RECEIVE_MILLIS = 2000;

    /** A dead letter to take: its JMSMessageID and {@code JMS_FPM_ORIGINAL_DESTINATION} (null: none). */
    record Letter(String id, String original) {
    }

    private final ActiveMQSession session;
    private final Queue deadLetterQueue;
    /** For messages: who works on the queue ({@code fpm-jms 'name'} or the broker). */
    private final String owner;

    /** @param session a transacted session of a started connection */
    DeadLetterBatches(ActiveMQSession session, Queue deadLetterQueue, String owner) {
        this.session = session;
        this.deadLetterQueue = deadLetterQueue;
        this.owner = owner;
    }

    /**
     * Takes {@code letters} (each id once per copy listed), sending each to its target first when
     * {@code targets} is given (a replay), else only taking it (a purge).
     *
     * @return how many were taken
     * @throws JMSException          when the first batch fails (nothing was taken)
     * @throws ActiveMQException     when the first batch fails (nothing was taken)
     * @throws IllegalStateException when a later batch fails, saying how many were taken before
     */
    int take(List<Letter> letters, ReplayTargets targets) throws JMSException, ActiveMQException {
        Map<String, Integer> copies = new LinkedHashMap<>();
        letters.forEach(l -> copies.merge(l.id(), 1, Integer::sum));
        List<String> ids = new ArrayList<>(copies.keySet());
        ClientProducer producer = targets == null ? null : session.getCoreSession().createProducer();
        int taken = 0;
        try {
            for (int from = 0; from < ids.size(); from += BATCH) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
                int expected = batch.stream().mapToInt(copies::get).sum();
                int inBatch = 0;
                try (MessageConsumer consumer = session.createConsumer(deadLetterQueue, idSelector(batch))) {
                    Message m;
                    while (inBatch < expected && (m = consumer.receive(RECEIVE_MILLIS)) != null) {
                        if (producer != null) {
                            send(producer, targets, m);
                        }
                        inBatch++;
                    }
                }
                session.commit();
                taken += inBatch;
            }
        } catch (JMSException | ActiveMQException | RuntimeException e) {
            rollbackQuietly();
            if (taken == 0) {
                throw e;
            }
            throw new IllegalStateException(taken + " dead letters were " + (targets == null ? "purged" : "sent back")
                    + ", then the broker failed: " + e.getMessage() + "; the rest stay in '"
                    + deadLetterQueue.getQueueName() + "'", e);
        } finally {
            if (producer != null) {
                producer.close();
            }
            if (taken > 0 && targets != null) {
                LOG.info("{}: {} dead letters sent back to their worker queues", owner, taken);
            }
        }
        return taken;
    }

    private static void send(ClientProducer producer, ReplayTargets targets, Message deadLetter)
            throws JMSException, ActiveMQException {
        String original = deadLetter.getStringProperty(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION);
        ReplayTargets.Target target = targets.of(original);
        if (target == null) {
            throw new IllegalStateException("dead letter " + deadLetter.getJMSMessageID() + " from '" + original
                    + "' has no worker queue on the broker any more");
        }
        producer.send(SimpleString.of(target.address()), DeadLetterMessages.forReplay(deadLetter, target.routing()));
    }

    /** The selector {@code JMSMessageID IN ('ID:…', …)}. */
    static String idSelector(Iterable<String> ids) {
        StringJoiner in = new StringJoiner(", ", "JMSMessageID IN (", ")");
        ids.forEach(id -> in.add(DeadLetterMessages.literal(id)));
        return in.toString();
    }

    private void rollbackQuietly() {
        try {
            session.rollback();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("{}: rollback failed too: {}", owner, e.toString());
        }
    }
}
