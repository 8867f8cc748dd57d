package dev.fpmjms.integrations.spring;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.jms.FpmConnectionFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.support.converter.MappingJackson2MessageConverter;
import org.springframework.jms.support.converter.MessageConverter;
import org.springframework.jms.support.converter.MessageType;

import java.util.Map;

/**
 * The two beans an application adds to use fpm-jms with Spring Boot: the connection factory and
 * (optionally) a message converter. Spring Boot's {@code JmsAutoConfiguration} picks both up.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FpmJmsProperties.class)
public class FpmJmsConfiguration {
    /** The JMS property that names the payload's type, for Java and PHP alike. */
    public static final String TYPE_PROPERTY = "_type";

    /**
     * The connection factory, built from {@code fpmjms.uri} and {@code fpmjms.settings}. A bad key
     * or value fails the application's start with an {@code IllegalArgumentException} naming it.
     * {@code shutdown} stops the engine and the embedded php-fpm when the context closes (after
     * the listener containers have stopped).
     */
    @Bean(destroyMethod = "shutdown")
    public FpmConnectionFactory connectionFactory(FpmJmsProperties properties) {
        // One builder for the URI and the settings: the configuration is checked once, whole
        // (a URI alone may not be valid until the settings have been applied).
        FpmConfig.Builder builder = FpmConfig.builder();
        FpmConfigParser.applyUri(builder, properties.getUri());
        FpmConfigParser.applyAll(builder, properties.getSettings());
        return new FpmConnectionFactory(builder.build());
    }

    /**
     * Java objects travel as JSON in TEXT messages, so that a PHP worker reads them with
     * {@code json_decode}. The {@value #TYPE_PROPERTY} property carries a short type name rather
     * than a Java class name; PHP workers set it on their replies too.
     */
    @Bean
    public MessageConverter jsonMessageConverter() {
        MappingJackson2MessageConverter converter = new MappingJackson2MessageConverter();
        converter.setTargetType(MessageType.TEXT);
        converter.setTypeIdPropertyName(TYPE_PROPERTY);
        converter.setTypeIdMappings(Map.of(
                "order", Order.class,
                "invoice", Invoice.class,
                "shipping-request", ShippingRequest.class,
                "shipping-quote", ShippingQuote.class));
        return converter;
    }
}
