package dev.fpmjms.spring.boot;

import dev.fpmjms.jms.FpmConnectionFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.health.CompositeHealthContributorConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code fpmjms} health contributor ({@link FpmHealthIndicator}) when Spring Boot Actuator is on
 * the class path and the context has an {@link FpmConnectionFactory} (the starter's or the
 * application's own). One factory gives one indicator; several give a composite named by bean name.
 * Switched off with {@code management.health.fpmjms.enabled=false} (or
 * {@code management.health.defaults.enabled=false}); replaced by a bean of the application's named
 * {@code fpmjmsHealthIndicator} or {@code fpmjmsHealthContributor}.
 */
@AutoConfiguration(after = FpmJmsAutoConfiguration.class)
@ConditionalOnClass({HealthContributor.class, ConditionalOnEnabledHealthIndicator.class, FpmConnectionFactory.class})
@ConditionalOnBean(FpmConnectionFactory.class)
@ConditionalOnEnabledHealthIndicator("fpmjms")
public class FpmHealthContributorAutoConfiguration
        extends CompositeHealthContributorConfiguration<FpmHealthIndicator, FpmConnectionFactory> {

    public FpmHealthContributorAutoConfiguration() {
        super(FpmHealthIndicator::new);
    }

    /** The contributor, named {@code fpmjms} in {@code /actuator/health}. */
    @Bean
    @ConditionalOnMissingBean(name = {"fpmjmsHealthIndicator", "fpmjmsHealthContributor"})
    public HealthContributor fpmjmsHealthContributor(ConfigurableListableBeanFactory beanFactory) {
        return createContributor(beanFactory, FpmConnectionFactory.class);
    }
}
