package dev.fpmjms.engine;

import dev.fpmjms.admin.DeadLetter;
import dev.fpmjms.admin.DeadLetterAdmin;
import dev.fpmjms.admin.DeadLetterSelection;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Predicate;

/**
 * {@link DeadLetterAdmin} of a running engine: reads its dead-letter queue through browses and
 * subscriptions, as a consumer would, and replays by sending to the worker queue (stored, when
 * persistent) before acknowledging on the dead-letter queue. Thread-safe; a replay blocks like a
 * send when a worker queue is full.
 */
final class EngineDeadLetters implements DeadLetterAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(EngineDeadLetters.class);

    private final FpmEngine engine;

    EngineDeadLetters(FpmEngine engine) {
        this.engine = engine;
    }

    @Override
    public String deadLetterQueue() {
        return engine.config().deadLetterQueue();
    }

    private LocalQueue queue() {
        if (engine.isShutdown()) {
            throw new IllegalStateException("fpm-jms engine '" + engine.config().name() + "' has been shut down");
        }
        return engine.deadLetterQueue();
    }

    @Override
    public long count() {
        return queue().size();
    }

    @Override
    public List<DeadLetter> list(String workerQueue, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
        Predicate<FpmEnvelope> of = workerQueue == null || workerQueue.isBlank() ? null
                : DeadLetterSelection.queue(workerQueue)::matches;
        return queue().browse(of).stream().limit(limit).map(DeadLetter::of).toList();
    }

    @Override
    public DeadLetter show(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("a message id (ID:...) is needed, was '" + messageId + "'");
        }
        String id = messageId.strip();
        return queue().browse(e -> id.equals(e.messageId())).stream().findFirst().map(DeadLetter::of)
                .orElseThrow(() -> new IllegalArgumentException("no dead letter with JMSMessageID '" + id + "' in '"
                        + deadLetterQueue() + "' (" + count() + " dead letters; list them to see their ids)"));
    }

    /** The worker queue a dead letter goes back to, or {@code null} when this engine has none for it. */
    private String target(FpmEnvelope deadLetter) {
        String queue = DeadLetters.workerQueue(deadLetter);
        return queue != null && engine.isWorkerQueue(queue) ? queue : null;
    }

    @Override
    public int replay(DeadLetterSelection which) {
        LocalQueue dlq = queue();
        List<FpmEnvelope> found = dlq.browse(which::matches);
        which.requireFound(found, deadLetterQueue());
        List<FpmEnvelope> movable = found.stream().filter(e -> target(e) != null).toList();
        if (which.kind() == DeadLetterSelection.Kind.IDS && movable.size() < found.size()) {
            FpmEnvelope stuck = found.stream().filter(e -> target(e) == null).findFirst().orElseThrow();
            throw new IllegalArgumentException("dead letter " + stuck.messageId() + " came from '"
                    + DeadLetter.of(stuck).originalDestination() + "', which is no worker queue of fpm-jms '"
                    + engine.config().name() + "': only requests to worker queues can be replayed (nothing was replayed)");
        }
        int moved;
        try {
            moved = move(d -> which.matches(d) && target(d) != null, movable.size());
        } catch (QueueFullException | InterruptedException | UnknownDestinationException | RuntimeException e) {
            throw failed(e);
        }
        int left = found.size() - movable.size();
        if (left > 0) {
            LOG.warn("fpm-jms '{}': {} of {} came from no worker queue of this engine and stay in '{}'",
                    engine.config().name(), left, which, deadLetterQueue());
        }
        return moved;
    }

    /** The exception a replay that stopped part-way throws, saying how many it moved before. */
    private RuntimeException failed(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (e instanceof PartialMove p) {
            return p;
        }
        return new IllegalStateException("replay from '" + deadLetterQueue() + "' failed: " + e.getMessage(), e);
    }

    /**
     * Moves up to {@code max} dead letters that {@code which} accepts back to their worker queues,
     * each sent (and stored) before it is acknowledged on the dead-letter queue.
     *
     * @throws PartialMove when a send fails after earlier ones were moved; its cause says why
     */
    int move(Predicate<FpmEnvelope> which, long max)
            throws QueueFullException, InterruptedException, UnknownDestinationException {
        int moved = 0;
        try (Subscription s = queue().subscribe(which, null)) {
            while (moved < max) {
                Delivery d = s.poll();
                if (d == null) {
                    break;
                }
                String target = target(d.envelope());
                try {
                    engine.send(DeadLetters.forReplay(d.envelope(), target));
                } catch (QueueFullException | InterruptedException | UnknownDestinationException | RuntimeException e) {
                    d.release(false, 0);
                    if (moved == 0) {
                        throw e;
                    }
                    throw new PartialMove(moved, target, deadLetterQueue(), e);
                }
                d.acknowledge();
                moved++;
            }
        } finally {
            if (moved > 0) {
                LOG.info("fpm-jms '{}': {} dead letters sent back to their worker queues", engine.config().name(), moved);
            }
        }
        return moved;
    }

    @Override
    public int purge(DeadLetterSelection which) {
        LocalQueue dlq = queue();
        List<FpmEnvelope> found = dlq.browse(which::matches);
        which.requireFound(found, deadLetterQueue());
        int purged = 0;
        try (Subscription s = dlq.subscribe(which::matches, null)) {
            while (purged < found.size()) {
                Delivery d = s.poll();
                if (d == null) {
                    break;
                }
                d.acknowledge();
                purged++;
            }
        }
        if (purged > 0) {
            LOG.info("fpm-jms '{}': {} purged from '{}' ({})", engine.config().name(), purged, deadLetterQueue(), which);
        }
        return purged;
    }

    /** A replay that moved some dead letters and then could not send the next. */
    static final class PartialMove extends IllegalStateException {
        PartialMove(int moved, String target, String dlq, Exception cause) {
            super(moved + " dead letters were sent back, then sending to worker queue '" + target + "' failed: "
                    + cause.getMessage() + "; the rest stay in '" + dlq + "'", cause);
        }
    }
}
