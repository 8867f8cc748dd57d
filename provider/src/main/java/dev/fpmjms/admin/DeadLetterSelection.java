package dev.fpmjms.admin;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import dev.fpmjms.selector.FpmSelector;
import jakarta.jms.InvalidSelectorException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which dead letters a replay or purge takes: all of them, those of one worker queue, those with
 * given JMSMessageIDs, or those a JMS message selector accepts (over headers and properties, the
 * {@code JMS_FPM_*} ones included: {@code JMS_FPM_STATUS = 500},
 * {@code JMS_FPM_ORIGINAL_DESTINATION = 'mail' AND JMSPriority > 4}). Immutable and thread-safe;
 * bad input fails when the selection is made, naming the value.
 */
public final class DeadLetterSelection {

    /** The kinds of selection. */
    public enum Kind {
        /** Every dead letter. */
        ALL,
        /** Those whose {@code JMS_FPM_ORIGINAL_DESTINATION} is one worker queue. */
        QUEUE,
        /** Those with one of the given JMSMessageIDs (every one of which must be there). */
        IDS,
        /** Those a JMS message selector accepts. */
        SELECTOR
    }

    private static final DeadLetterSelection ALL = new DeadLetterSelection(Kind.ALL, null, Set.of(), null, e -> true);

    private final Kind kind;
    private final String queue;
    private final Set<String> ids;
    private final String selector;
    private final Predicate<FpmEnvelope> matcher;

    private DeadLetterSelection(Kind kind, String queue, Set<String> ids, String selector, Predicate<FpmEnvelope> matcher) {
        this.kind = kind;
        this.queue = queue;
        this.ids = ids;
        this.selector = selector;
        this.matcher = matcher;
    }

    /** Every dead letter. */
    public static DeadLetterSelection all() {
        return ALL;
    }

    /**
     * The dead letters of a worker queue (whose {@code JMS_FPM_ORIGINAL_DESTINATION} is its name).
     *
     * @throws IllegalArgumentException the name is null or blank
     */
    public static DeadLetterSelection queue(String workerQueue) {
        if (workerQueue == null || workerQueue.isBlank()) {
            throw new IllegalArgumentException("a worker queue's name is needed to select its dead letters, was '"
                    + workerQueue + "'");
        }
        return new DeadLetterSelection(Kind.QUEUE, workerQueue, Set.of(), null,
                e -> workerQueue.equals(e.properties().get(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION)));
    }

    /**
     * The dead letters with these JMSMessageIDs ({@code ID:...}). A replay or purge fails, changing
     * nothing, when one of them is not in the dead-letter queue.
     *
     * @throws IllegalArgumentException no id, or a null or blank one
     */
    public static DeadLetterSelection ids(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no message id given: name at least one JMSMessageID (ID:...)");
        }
        Set<String> copy = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a message id must not be null or blank, was '" + id + "' in " + ids);
            }
            copy.add(id.strip());
        }
        Set<String> frozen = java.util.Collections.unmodifiableSet(copy);
        return new DeadLetterSelection(Kind.IDS, null, frozen, null, e -> e.messageId() != null && frozen.contains(e.messageId()));
    }

    /**
     * The dead letters a JMS message selector accepts.
     *
     * @throws IllegalArgumentException the selector is blank (use {@link #all()}) or not valid; the
     *                                  message names the selector and the position of the error
     */
    public static DeadLetterSelection selector(String selector) {
        if (selector == null || selector.isBlank()) {
            throw new IllegalArgumentException("the selector is empty; to take every dead letter, select all");
        }
        Predicate<FpmEnvelope> compiled;
        try {
            compiled = FpmSelector.compile(selector);
        } catch (InvalidSelectorException e) {
            throw new IllegalArgumentException("invalid selector \"" + selector + "\": " + e.getMessage());
        }
        return new DeadLetterSelection(Kind.SELECTOR, null, Set.of(), selector, compiled);
    }

    public Kind kind() {
        return kind;
    }

    /** The worker queue of a {@link Kind#QUEUE} selection, else {@code null}. */
    public String queue() {
        return queue;
    }

    /** The ids of an {@link Kind#IDS} selection (unmodifiable), else empty. */
    public Set<String> ids() {
        return ids;
    }

    /** The selector text of a {@link Kind#SELECTOR} selection, else {@code null}. */
    public String selector() {
        return selector;
    }

    /** Whether the dead letter is selected. */
    public boolean matches(FpmEnvelope deadLetter) {
        return matcher.test(deadLetter);
    }

    /**
     * For an {@link Kind#IDS} selection: fails when an id is not among the {@code found} dead
     * letters (those the selection matched). Other kinds pass.
     *
     * @throws IllegalArgumentException naming the missing ids and the dead-letter queue
     */
    public void requireFound(List<FpmEnvelope> found, String deadLetterQueue) {
        if (kind != Kind.IDS) {
            return;
        }
        List<String> missing = new ArrayList<>(ids);
        for (FpmEnvelope e : found) {
            missing.remove(e.messageId());
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no dead letter with JMSMessageID " + missing + " in '" + deadLetterQueue
                    + "' (nothing was changed; list the dead letters to see their ids)");
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case QUEUE:
                return "the dead letters of worker queue '" + queue + "'";
            case IDS:
                return "the dead letters with id " + ids;
            case SELECTOR:
                return "the dead letters matching \"" + selector + "\"";
            default:
                return "all dead letters";
        }
    }
}
