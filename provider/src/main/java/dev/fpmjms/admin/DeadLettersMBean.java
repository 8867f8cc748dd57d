package dev.fpmjms.admin;

import javax.management.openmbean.CompositeData;

/**
 * The dead letters of a running engine in JMX, as {@code dev.fpmjms:type=DeadLetters,engine=<name>}
 * ({@link DeadLetterJmx#objectName}): {@link DeadLetterAdmin} with open types only, so that jconsole,
 * the {@code fpm-jms} command-line tool and any JMX client use it without fpm-jms classes. A dead
 * letter is a {@link CompositeData} of type {@value DeadLetterJmx#TYPE_NAME} ({@link DeadLetterJmx#ITEMS}).
 * Bad input fails with {@link IllegalArgumentException}, an engine that stopped or a replay that
 * stopped part-way with {@link IllegalStateException}; both carry only a message (no fpm-jms class).
 */
public interface DeadLettersMBean {

    /** The name of the dead-letter queue. */
    String getDeadLetterQueue();

    /** How many dead letters the queue holds. */
    long getCount();

    /** The first {@code limit} dead letters of worker queue {@code queue} (empty for all). */
    CompositeData[] list(String queue, int limit);

    /** The dead letter with this JMSMessageID. */
    CompositeData show(String messageId);

    /** Replays every dead letter that came from a worker queue; returns how many. */
    int replayAll();

    /** Replays the dead letters of one worker queue. */
    int replayQueue(String queue);

    /** Replays the dead letters with these JMSMessageIDs, separated by commas or white space. */
    int replayIds(String ids);

    /** Replays the dead letters a JMS message selector accepts. */
    int replaySelected(String selector);

    /** Deletes every dead letter; returns how many. */
    int purgeAll();

    /** Deletes the dead letters of one worker queue. */
    int purgeQueue(String queue);

    /** Deletes the dead letters with these JMSMessageIDs, separated by commas or white space. */
    int purgeIds(String ids);

    /** Deletes the dead letters a JMS message selector accepts. */
    int purgeSelected(String selector);
}
