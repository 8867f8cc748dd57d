package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.selector.FpmSelector;
import dev.fpmjms.store.JournalStore;
import dev.fpmjms.store.MessageStore;
import dev.fpmjms.store.QueueKeys;
import dev.fpmjms.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An engine's journal at start: opens it ({@link #openStore}) and puts the stored messages back
 * into the engine's queues ({@link #recover}). Used once, by the thread that builds the
 * {@link FpmEngine}, before the engine is handed to anyone; blocks while the journal is read.
 */
final class EngineRecovery {
    /** Logs as the engine does, so that log settings for {@link FpmEngine} still apply. */
    private static final Logger LOG = LoggerFactory.getLogger(FpmEngine.class);

    private final String engine;
    private final Map<String, LocalQueue> localQueues;
    private final Function<String, WorkerQueue> workerQueues;
    private final LocalTopics topics;

    /**
     * @param engine       the engine's name, for its log lines
     * @param localQueues  the engine's local queues (the dead-letter queue included), by name
     * @param workerQueues the engine's worker queue of a name (made on first use, as for a send),
     *                     or {@code null} when no route serves it
     * @param topics       the engine's topics, whose durable subscriptions are made again from the store
     */
    EngineRecovery(String engine, Map<String, LocalQueue> localQueues, Function<String, WorkerQueue> workerQueues,
                   LocalTopics topics) {
        this.engine = engine;
        this.localQueues = localQueues;
        this.workerQueues = workerQueues;
        this.topics = topics;
    }

    /**
     * Opens the journal of a configuration with a data directory; closes the gateways if that fails.
     *
     * @return the journal, or {@code null} without a data directory
     */
    static MessageStore openStore(FpmConfig config, WorkerGatewayFactory gateways) {
        if (config.dataDirectory() == null) {
            return null;
        }
        try {
            return JournalStore.open(config.dataDirectory(), config.fsyncPolicy());
        } catch (RuntimeException e) {
            gateways.close();
            throw e;
        }
    }

    /**
     * Puts the stored messages back into their queues: worker requests on the outbound side (so
     * they are dispatched again), replies, local messages and dead letters where consumers read.
     * Messages of queues this configuration no longer has stay in the store for a later one.
     */
    void recover(MessageStore store) {
        List<StoredMessage> messages = store.recover();
        Map<String, Integer> unknown = new TreeMap<>();
        for (StoredMessage m : messages) {
            LocalQueue q = queueForStoreKey(m.queueKey());
            if (q == null) {
                q = topics.recovered(m.queueKey(), m.envelope().destination(), EngineRecovery::recoveredSelector);
            }
            if (q == null) {
                unknown.merge(m.queueKey(), 1, Integer::sum);
            } else {
                q.restore(m.id(), m.envelope());
            }
        }
        if (!unknown.isEmpty()) {
            LOG.warn("fpm-jms '{}': stored messages of queues this configuration does not have are kept in the "
                    + "journal, not delivered: {}", engine, unknown);
        }
        if (!messages.isEmpty()) {
            LOG.info("fpm-jms '{}': {} persistent messages recovered", engine, messages.size() - unknown.values()
                    .stream().mapToInt(Integer::intValue).sum());
        }
    }

    /** A stored durable subscription's selector, compiled; it was valid when the subscription was made. */
    private static Predicate<FpmEnvelope> recoveredSelector(String text) {
        try {
            return FpmSelector.compile(text);
        } catch (Exception e) {
            throw new IllegalStateException("stored selector of a durable subscription does not compile: " + text, e);
        }
    }

    private LocalQueue queueForStoreKey(String key) {
        if (key.startsWith(QueueKeys.LOCAL)) {
            return localQueues.get(key.substring(QueueKeys.LOCAL.length()));
        }
        boolean outbound = key.startsWith(QueueKeys.WORKER);
        if (outbound || key.startsWith(QueueKeys.REPLIES)) {
            WorkerQueue worker = workerQueues.apply(key.substring(outbound ? QueueKeys.WORKER.length() : QueueKeys.REPLIES.length()));
            return worker == null ? null : outbound ? worker.outbound() : worker.inbound();
        }
        return null;
    }
}
