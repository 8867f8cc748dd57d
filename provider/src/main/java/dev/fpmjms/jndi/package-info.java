/**
 * JNDI glue: {@link dev.fpmjms.jndi.FpmInitialContextFactory} (a read-only context of connection
 * factories and queues from {@code jndi.properties}) and {@link dev.fpmjms.jndi.FpmObjectFactory}
 * (container resources: Tomcat's {@code context.xml}, {@code References}).
 *
 * <p>Layer: the top, above the facade. May import {@code jms} and {@code config}. Responsible for
 * one thing: making connection factories and queues from JNDI attributes.
 */
package dev.fpmjms.jndi;
