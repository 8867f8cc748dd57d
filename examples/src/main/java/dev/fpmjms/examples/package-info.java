/**
 * Runnable examples of the README: the demo, fire-and-forget, request/reply, a consumer of the
 * workers' replies, a JNDI lookup and PHP workers that the examples send to.
 *
 * <p>Layer: an application on top of the provider. Imports {@code jakarta.jms} and, where an
 * example shows configuration, {@code dev.fpmjms.jms} and {@code dev.fpmjms.config}; nothing else
 * of the provider. Responsible
 * for one thing: showing plain JMS code served by PHP.
 */
package dev.fpmjms.examples;
