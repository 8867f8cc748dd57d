/**
 * Spring Boot auto-configuration for fpm-jms: {@link dev.fpmjms.spring.boot.FpmJmsAutoConfiguration}
 * makes an {@code FpmConnectionFactory} from the {@code fpmjms.*} properties
 * ({@link dev.fpmjms.spring.boot.FpmJmsProperties}) before Spring Boot's JMS auto-configuration
 * runs, so that {@code JmsTemplate}, {@code @JmsListener} and Boot's listener container use it.
 * With Actuator on the class path (an optional dependency),
 * {@link dev.fpmjms.spring.boot.FpmHealthContributorAutoConfiguration} adds the {@code fpmjms} health
 * contributor and {@link dev.fpmjms.spring.boot.FpmDeadLettersEndpointAutoConfiguration} the
 * {@code fpmjmsdeadletters} endpoint (off by default). Only these classes import Actuator types, and
 * only they are loaded when it is present.
 */
package dev.fpmjms.spring.boot;
