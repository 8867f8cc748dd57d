package dev.fpmjms.admin;

import dev.fpmjms.config.FsyncPolicy;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeadLetters;
import dev.fpmjms.store.JournalStore;
import dev.fpmjms.store.QueueKeys;
import dev.fpmjms.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The dead letters in the journal of a <em>stopped</em> engine (its {@code dataDirectory}), for
 * operators: only persistent dead letters are there (non-persistent ones died with the JVM). Opening
 * takes the journal's lock, so it fails while an engine uses the directory, and recovers the journal
 * as an engine start would (a torn tail is cut, damage quarantined, see {@code docs/durability.md}).
 *
 * <p>A replay writes each dead letter to its worker queue's part of the journal and waits until
 * that is forced to disk before it removes the dead letter; the next engine on the directory
 * dispatches it (an engine whose configuration has no route for that queue keeps it in the journal
 * and says so at start). Expired dead letters are left out, as the engine drops them at start.
 * Every plain {@code JMS_FPM_ORIGINAL_DESTINATION} is taken for a worker queue: offline there is no
 * configuration to ask.
 *
 * <p>Thread-safe (one lock); {@link #close()} writes what is pending and releases the directory.
 */
public final class JournalDeadLetters implements DeadLetterAdmin, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalDeadLetters.class);
    /** Delivery order: higher priority first, then older (lower store id) first. */
    private static final Comparator<StoredMessage> ORDER = Comparator
            .comparingInt((StoredMessage m) -> -m.envelope().priority()).thenComparingLong(StoredMessage::id);

    private final JournalStore store;
    private final String deadLetterQueue;
    /** The dead letters still in the journal, in delivery order; guarded by {@code this}. */
    private final List<StoredMessage> letters;

    private JournalDeadLetters(JournalStore store, String deadLetterQueue, List<StoredMessage> letters) {
        this.store = store;
        this.deadLetterQueue = deadLetterQueue;
        this.letters = letters;
    }

    /**
     * Opens the journal in {@code directory} to work on the dead letters of {@code deadLetterQueue}.
     *
     * @throws IllegalArgumentException the directory does not exist or holds no journal
     * @throws dev.fpmjms.store.StoreException the journal is in use by an engine (its lock is held)
     *                                         or cannot be read or written
     */
    public static JournalDeadLetters open(Path directory, String deadLetterQueue) {
        Objects.requireNonNull(directory, "directory");
        if (deadLetterQueue == null || deadLetterQueue.isBlank()) {
            throw new IllegalArgumentException("the dead-letter queue's name must not be blank, was '" + deadLetterQueue + "'");
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no such directory: " + directory);
        }
        if (!JournalStore.holdsJournal(directory)) {
            throw new IllegalArgumentException(directory + " holds no fpm-jms journal (no journal-*.seg file): "
                    + "name the engine's dataDirectory");
        }
        JournalStore store = JournalStore.open(directory, FsyncPolicy.ALWAYS);
        long now = System.currentTimeMillis();
        String key = QueueKeys.local(deadLetterQueue);
        List<StoredMessage> letters = new ArrayList<>();
        for (StoredMessage m : store.recover()) {
            if (m.queueKey().equals(key) && !m.envelope().isExpired(now)) {
                letters.add(m);
            }
        }
        letters.sort(ORDER);
        return new JournalDeadLetters(store, deadLetterQueue, letters);
    }

    @Override
    public String deadLetterQueue() {
        return deadLetterQueue;
    }

    @Override
    public synchronized long count() {
        return letters.size();
    }

    @Override
    public synchronized List<DeadLetter> list(String workerQueue, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
        Predicate<FpmEnvelope> of = workerQueue == null || workerQueue.isBlank() ? e -> true
                : DeadLetterSelection.queue(workerQueue)::matches;
        return letters.stream().map(StoredMessage::envelope).filter(of).limit(limit).map(DeadLetter::of).toList();
    }

    @Override
    public synchronized DeadLetter show(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("a message id (ID:...) is needed, was '" + messageId + "'");
        }
        String id = messageId.strip();
        return letters.stream().map(StoredMessage::envelope).filter(e -> id.equals(e.messageId())).findFirst()
                .map(DeadLetter::of)
                .orElseThrow(() -> new IllegalArgumentException("no dead letter with JMSMessageID '" + id + "' in '"
                        + deadLetterQueue + "' of the journal " + store.directory() + " (" + letters.size()
                        + " dead letters; list them to see their ids)"));
    }

    private synchronized List<StoredMessage> selected(DeadLetterSelection which) {
        List<StoredMessage> found = letters.stream().filter(m -> which.matches(m.envelope())).toList();
        which.requireFound(found.stream().map(StoredMessage::envelope).toList(), deadLetterQueue);
        return found;
    }

    @Override
    public synchronized int replay(DeadLetterSelection which) {
        List<StoredMessage> found = selected(which);
        List<StoredMessage> movable = found.stream().filter(m -> DeadLetters.workerQueue(m.envelope()) != null).toList();
        if (which.kind() == DeadLetterSelection.Kind.IDS && movable.size() < found.size()) {
            FpmEnvelope stuck = found.stream().map(StoredMessage::envelope)
                    .filter(e -> DeadLetters.workerQueue(e) == null).findFirst().orElseThrow();
            throw new IllegalArgumentException("dead letter " + stuck.messageId() + " came from '"
                    + DeadLetter.of(stuck).originalDestination() + "', not from a worker queue: only requests to "
                    + "worker queues can be replayed (nothing was replayed)");
        }
        int moved = 0;
        for (StoredMessage m : movable) {
            String queue = DeadLetters.workerQueue(m.envelope());
            try {
                store.add(QueueKeys.worker(queue), DeadLetters.forReplay(m.envelope(), queue));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted after " + moved + " dead letters were replayed; the rest stay in '"
                        + deadLetterQueue + "'", e);
            } catch (RuntimeException e) {
                throw new IllegalStateException(moved + " dead letters were replayed, then writing to the journal failed: "
                        + e.getMessage() + "; the rest stay in '" + deadLetterQueue + "'", e);
            }
            store.remove(m.id());
            letters.remove(m);
            moved++;
        }
        if (found.size() > movable.size()) {
            LOG.warn("{} of {} came from no worker queue and stay in '{}'", found.size() - movable.size(), which, deadLetterQueue);
        }
        return moved;
    }

    @Override
    public synchronized int purge(DeadLetterSelection which) {
        List<StoredMessage> found = selected(which);
        for (Iterator<StoredMessage> it = found.iterator(); it.hasNext(); ) {
            StoredMessage m = it.next();
            store.remove(m.id());
            letters.remove(m);
        }
        return found.size();
    }

    /** Writes the pending removals, forces them and releases the journal's lock. Idempotent. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "JournalDeadLetters[" + store.directory() + ", " + deadLetterQueue + "]";
    }
}
