/**
 * A web application whose connection factory and queue are Tomcat resources
 * ({@code context.xml}, made by {@code dev.fpmjms.jndi.FpmObjectFactory}) looked up with JNDI, and
 * {@link dev.fpmjms.integrations.tomcat.TomcatExample}, which runs it on an embedded Tomcat.
 *
 * <p>Layer: an application on top of the provider. Imports Tomcat, {@code jakarta.*} and
 * {@code dev.fpmjms.jms}; the connection factory is reached through JNDI. Responsible for one thing: showing fpm-jms as a Tomcat JNDI
 * resource.
 */
package dev.fpmjms.integrations.tomcat;
