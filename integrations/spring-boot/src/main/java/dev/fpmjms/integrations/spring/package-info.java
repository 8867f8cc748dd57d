/**
 * A Spring Boot application that uses fpm-jms through Spring's JMS support
 * ({@code JmsTemplate}, {@code @JmsListener}): the connection factory bean
 * ({@code FpmJmsConfiguration}) and the services that send to PHP workers.
 *
 * <p>Layer: an application on top of the provider. Imports Spring, {@code jakarta.jms} and
 * {@code dev.fpmjms.jms} and {@code dev.fpmjms.config} (the connection factory and its settings). Responsible for one thing: showing fpm-jms in
 * a Spring Boot application.
 */
package dev.fpmjms.integrations.spring;
