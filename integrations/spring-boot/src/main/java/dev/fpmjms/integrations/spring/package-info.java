/**
 * A Spring Boot application that uses fpm-jms through Spring's JMS support
 * ({@code JmsTemplate}, {@code @JmsListener}): the fpm-jms starter makes the connection factory
 * from {@code application.properties}; {@code FpmJmsConfiguration} adds a JSON message converter;
 * the services send to PHP workers.
 *
 * <p>Layer: an application on top of the provider. Imports Spring, {@code jakarta.jms} and
 * {@code dev.fpmjms.jms} (the connection factory). Responsible for one thing: showing fpm-jms in
 * a Spring Boot application.
 */
package dev.fpmjms.integrations.spring;
