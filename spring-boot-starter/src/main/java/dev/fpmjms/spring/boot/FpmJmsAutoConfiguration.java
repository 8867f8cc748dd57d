package dev.fpmjms.spring.boot;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jms.JmsAutoConfiguration;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Makes an {@link FpmConnectionFactory} from the {@code fpmjms.*} properties
 * ({@link FpmJmsProperties}). It runs before Spring Boot's {@code JmsAutoConfiguration}, which
 * then builds {@code JmsTemplate}, {@code JmsMessagingTemplate} and the default
 * {@code @JmsListener} container factory on it, honouring {@code spring.jms.*} as for any provider
 * (and before Boot's Artemis auto-configuration, which would otherwise make a factory of its own
 * when the Artemis client is on the class path). Backs off when the application defines its own
 * {@code ConnectionFactory}.
 */
@AutoConfiguration(before = {JmsAutoConfiguration.class, ArtemisAutoConfiguration.class})
@ConditionalOnClass({ConnectionFactory.class, FpmConnectionFactory.class})
@ConditionalOnMissingBean(ConnectionFactory.class)
@EnableConfigurationProperties(FpmJmsProperties.class)
public class FpmJmsAutoConfiguration {

    /**
     * The connection factory, built from {@code fpmjms.uri} and then {@code fpmjms.settings} (keys
     * matched as {@link FpmJmsProperties} describes). The configuration is checked once, whole: a bad
     * key or value fails the application's start with an {@code IllegalArgumentException} naming
     * it. {@code shutdown} runs when the context closes, after the listener containers have
     * stopped: it stops the engine and the embedded php-fpm, dropping messages held only in memory.
     */
    @Bean(destroyMethod = "shutdown")
    public FpmConnectionFactory fpmConnectionFactory(FpmJmsProperties properties) {
        FpmConfig.Builder builder = FpmConfig.builder();
        FpmConfigParser.applyUri(builder, properties.getUri());
        FpmConfigParser.applyAll(builder, RelaxedSettingKeys.canonical(properties.getSettings()));
        return new FpmConnectionFactory(builder.build());
    }
}
