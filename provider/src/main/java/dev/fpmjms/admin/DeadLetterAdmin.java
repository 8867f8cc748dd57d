package dev.fpmjms.admin;

import java.util.List;

/**
 * Lists, shows, replays and purges the dead letters of one fpm-jms engine: of a running one
 * ({@code FpmEngine.deadLetters()}, {@code FpmConnectionFactory.deadLetters()}, and over JMX as
 * {@code dev.fpmjms:type=DeadLetters,engine=<name>}) or of a stopped one's journal
 * ({@link JournalDeadLetters}); in broker mode the broker's dead-letter queue
 * ({@code dev.fpmjms.artemis.BrokerDeadLetters}, through {@code BrokerEngine.deadLetters()}). See
 * {@code docs/operations.md#dead-letters}.
 *
 * <p>Order: as a consumer of the dead-letter queue would receive them, higher priority first, then
 * older first. Dead letters in flight to a consumer of the dead-letter queue are not seen.
 *
 * <p>A <b>replay</b> sends each selected dead letter back to the worker queue it came from
 * ({@link DeadLetter#workerQueue()}), as {@code gateway.DeadLetters.forReplay} makes it: same
 * JMSMessageID, body, headers, persistence and own properties, no {@code JMS_FPM_*} properties, a
 * fresh attempt count. Each message is on its worker queue (journaled, when persistent) before it
 * leaves the dead-letter queue: a crash in between leaves it in both, never in neither
 * (at-least-once); in broker mode the move is one broker transaction per batch, which leaves it in
 * exactly one place. Dead letters that came from no worker queue (a reply whose destination was gone,
 * a message a MessageListener kept failing) are left where they are; naming one by id fails.
 *
 * <p>Bad input fails with {@link IllegalArgumentException} naming the value, changing nothing: a
 * limit below 1, an unknown id, an invalid selector ({@link DeadLetterSelection}). Thread-safe;
 * replay and purge block while they move messages (a replay like a send when its worker queue is
 * full).
 */
public interface DeadLetterAdmin {

    /** The name of the dead-letter queue. */
    String deadLetterQueue();

    /** How many dead letters the queue holds now (those in flight to a consumer included). */
    long count();

    /**
     * The first {@code limit} dead letters, of one worker queue or of all.
     *
     * @param workerQueue the worker queue whose dead letters to list ({@code JMS_FPM_ORIGINAL_DESTINATION}),
     *                    or {@code null} or blank for all
     * @throws IllegalArgumentException {@code limit} is below 1
     */
    List<DeadLetter> list(String workerQueue, int limit);

    /**
     * The dead letter with this JMSMessageID (the first one when a replayed message failed again
     * and is there twice).
     *
     * @throws IllegalArgumentException there is none; the message names the id and the queue
     */
    DeadLetter show(String messageId);

    /**
     * Sends the selected dead letters back to their worker queues (see the class comment).
     *
     * @return how many were sent back
     * @throws IllegalArgumentException an id of the selection is not there, or names a dead letter
     *                                  that came from no worker queue; nothing was sent back
     * @throws IllegalStateException    a worker queue stayed full, the store failed, the thread was
     *                                  interrupted (its flag set again) or the engine stopped: the
     *                                  message says how many were sent back before; the rest stay
     */
    int replay(DeadLetterSelection which);

    /**
     * Deletes the selected dead letters for good.
     *
     * @return how many were deleted
     * @throws IllegalArgumentException an id of the selection is not there; nothing was deleted
     */
    int purge(DeadLetterSelection which);
}
