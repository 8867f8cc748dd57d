/**
 * The JMS message classes ({@link dev.fpmjms.message.FpmMessage} and its text, bytes, map, stream
 * and object kinds) with the conversions the specification requires, and
 * {@link dev.fpmjms.message.FpmMessageConverter}, which turns a message (ours or another
 * provider's) into an {@code FpmEnvelope} and back. Property names follow
 * {@code dev.fpmjms.envelope.PropertyNames}.
 *
 * <p>Layer: part of the facade, below {@code jms}. May import {@code envelope}, {@code config}
 * and {@code jakarta.jms}. Responsible for one thing: JMS message semantics and the mapping to
 * envelopes.
 */
package dev.fpmjms.message;
