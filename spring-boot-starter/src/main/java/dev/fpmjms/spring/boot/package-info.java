/**
 * Spring Boot auto-configuration for fpm-jms: {@link dev.fpmjms.spring.boot.FpmJmsAutoConfiguration}
 * makes an {@code FpmConnectionFactory} from the {@code fpmjms.*} properties
 * ({@link dev.fpmjms.spring.boot.FpmJmsProperties}) before Spring Boot's JMS auto-configuration
 * runs, so that {@code JmsTemplate}, {@code @JmsListener} and Boot's listener container use it.
 */
package dev.fpmjms.spring.boot;
