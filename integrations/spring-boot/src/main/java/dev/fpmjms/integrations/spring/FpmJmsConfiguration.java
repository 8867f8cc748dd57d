package dev.fpmjms.integrations.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.support.converter.MappingJackson2MessageConverter;
import org.springframework.jms.support.converter.MessageConverter;
import org.springframework.jms.support.converter.MessageType;

import java.util.Map;

/**
 * The one bean this application adds: a JSON message converter, which Spring Boot's
 * {@code JmsAutoConfiguration} picks up. The connection factory comes from the fpm-jms starter
 * ({@code dev.fpmjms.spring.boot.FpmJmsAutoConfiguration}), configured by the {@code fpmjms.*}
 * entries of {@code application.properties}.
 */
@Configuration(proxyBeanMethods = false)
public class FpmJmsConfiguration {
    /** The JMS property that names the payload's type, for Java and PHP alike. */
    public static final String TYPE_PROPERTY = "_type";

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
