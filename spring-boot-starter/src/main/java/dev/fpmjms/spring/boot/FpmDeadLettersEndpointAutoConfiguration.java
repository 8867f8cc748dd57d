package dev.fpmjms.spring.boot;

import dev.fpmjms.jms.FpmConnectionFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * The {@link FpmDeadLettersEndpoint} when Actuator is on the class path, the endpoint is available
 * (its access is not {@code none} and it is exposed: it is off by default) and the context has one
 * {@link FpmConnectionFactory} (or a primary one).
 */
@AutoConfiguration(after = FpmJmsAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, FpmConnectionFactory.class})
@ConditionalOnAvailableEndpoint(FpmDeadLettersEndpoint.class)
public class FpmDeadLettersEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(FpmConnectionFactory.class)
    public FpmDeadLettersEndpoint fpmDeadLettersEndpoint(FpmConnectionFactory factory) {
        return new FpmDeadLettersEndpoint(factory);
    }
}
