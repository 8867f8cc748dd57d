/**
 * A Jakarta EE web application (GlassFish) that hands jobs to PHP through fpm-jms resources the
 * container makes ({@code WEB-INF/glassfish-resources.xml}) and injects with {@code @Resource}.
 *
 * <p>Layer: an application on top of the provider. Imports {@code jakarta.*} only; the provider
 * is reached through the container's resources. Responsible for one thing: showing fpm-jms as a
 * Jakarta EE JMS resource.
 */
package dev.fpmjms.integrations.jakartaee;
