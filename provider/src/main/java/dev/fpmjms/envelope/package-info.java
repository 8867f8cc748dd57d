/**
 * The values every layer passes around: {@link dev.fpmjms.envelope.FpmEnvelope} (an immutable
 * message: headers, typed properties, body), {@link dev.fpmjms.envelope.DestinationRef} and
 * {@link dev.fpmjms.envelope.BodyType}, and the rules about them that more than one layer applies:
 * the JMS property-name rule ({@link dev.fpmjms.envelope.PropertyNames}) and the names of the
 * provider's own properties ({@link dev.fpmjms.envelope.ProviderProperties}).
 *
 * <p>Layer: the bottom; the facade, engine, gateway, wire, store and selector all speak it.
 * Imports only {@code java.*}. Responsible for one thing: what a message is, independent of JMS
 * objects, FastCGI and storage.
 */
package dev.fpmjms.envelope;
