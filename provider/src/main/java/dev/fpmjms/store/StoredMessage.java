package dev.fpmjms.store;

import dev.fpmjms.envelope.FpmEnvelope;

/**
 * A message recovered from a {@link MessageStore}.
 *
 * @param id       its store id, for a later {@link MessageStore#remove}
 * @param queueKey the key of the queue it was added to
 * @param envelope the message, its deliveryCount as last recorded
 */
public record StoredMessage(long id, String queueKey, FpmEnvelope envelope) {
}
